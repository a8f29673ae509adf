"""``reportflow upload``: send many reports in parallel batches, skipping what the service already has.

Steps: collect and hash the local files; ask the service which digests it already stores (those are not
sent again, so an interrupted upload resumes where it stopped); send the rest in batches of ``batch_size``
from ``workers`` threads; optionally watch the batches until processed; print one row per file.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from services.bulk.client import Api, ApiError
from services.bulk.files import LocalFile, LocalProblem, collect
from shared.archive import ArchiveLimits
from shared.settings import get_settings

BAD_STATUSES = frozenset({"failed", "rejected", "cancelled", "error"})


@dataclass
class Outcome:
    """One line of the summary."""

    label: str
    document_id: str = ""
    status: str = ""
    metrics: int | None = None
    error: str = ""
    resumed: bool = False  # the service already had these bytes; nothing was sent

    @property
    def bad(self) -> bool:
        return self.status in BAD_STATUSES


def chunked(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _send(api: Api, files: list[LocalFile]) -> dict:
    with ExitStack() as streams:
        return api.upload([(file.filename, streams.enter_context(file.open())) for file in files])


class BulkUpload:
    def __init__(self, api: Api, console: Console, batch_size: int, workers: int):
        self.api = api
        self.console = console
        self.batch_size = batch_size
        self.workers = workers
        self.batch_ids: list[str] = []
        self.failed_sends: dict[str, str] = {}  # sha256 → why its batch could not be sent

    def gather(self, paths: list[Path]) -> tuple[list[LocalFile], list[LocalProblem]]:
        files: list[LocalFile] = []
        problems: list[LocalProblem] = []
        with self.console.status("reading and hashing files…"):
            for item in collect(paths, ArchiveLimits.from_settings(get_settings())):
                (files if isinstance(item, LocalFile) else problems).append(item)
        return files, problems

    def send(self, files: list[LocalFile]) -> None:
        """Upload each distinct file once, ``batch_size`` per request, ``workers`` requests at a time."""
        distinct = list({file.sha256: file for file in files}.values())
        if not distinct:
            return
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, console=self.console) as progress, ThreadPoolExecutor(self.workers) as pool:
            task = progress.add_task("uploading", total=len(distinct))
            futures = {pool.submit(_send, self.api, batch): batch for batch in chunked(distinct, self.batch_size)}
            for future in as_completed(futures):
                batch = futures[future]
                try:
                    self.batch_ids.append(future.result()["batch_id"])
                except (ApiError, OSError) as exc:
                    for file in batch:
                        self.failed_sends[file.sha256] = str(exc)
                progress.advance(task, len(batch))

    def outcomes(self, files: list[LocalFile], problems: list[LocalProblem], resumed: set[str]) -> list[Outcome]:
        known = self.api.lookup(file.sha256 for file in files)
        rows = [Outcome(problem.label, status="skipped" if problem.skipped else "rejected", error=problem.error)
                for problem in problems]
        for file in files:
            if file.sha256 in self.failed_sends:
                rows.append(Outcome(file.label, status="error", error=self.failed_sends[file.sha256]))
                continue
            document = known.get(file.sha256)
            if document is None:
                rows.append(Outcome(file.label, status="error", error="the service has no record of this file"))
                continue
            metrics = document["metrics"] if document["status"] == "done" else None  # none yet, or never
            rows.append(Outcome(file.label, document["id"], document["status"], metrics, document["error"] or "",
                                resumed=file.sha256 in resumed))
        return rows


def print_summary(console: Console, rows: list[Outcome]) -> None:
    table = Table("file", "document id", "status", "metrics", "error", title="upload summary")
    for row in rows:
        style = "red" if row.bad else None
        status = f"{row.status} (already stored)" if row.resumed else row.status
        table.add_row(row.label, row.document_id, status, "" if row.metrics is None else str(row.metrics),
                      row.error, style=style)
    console.print(table)
    resumed = sum(row.resumed for row in rows)
    bad = sum(row.bad for row in rows)
    skipped = sum(row.status == "skipped" for row in rows)
    taken = len(rows) - skipped
    console.print(f"{taken} files: {taken - resumed} sent, {resumed} already stored, {bad} not processed"
                  + (f", {skipped} skipped (not a format reportflow reads)" if skipped else ""))


def run_upload(paths: list[Path], api_url: str, watch: bool, batch_size: int, workers: int,
               console: Console | None = None) -> int:
    """Exit status: 0 when every file is stored (and, with watch, processed) without error, else 1."""
    console = console or Console()
    with Api(api_url) as api:
        job = BulkUpload(api, console, batch_size, workers)
        files, problems = job.gather(paths)
        if not files and all(problem.skipped for problem in problems):
            if problems:
                print_summary(console, job.outcomes([], problems, set()))
            console.print("[red]✗ no report files found[/red] (supported: .txt .docx .doc .wps .pdf .html and .zip)")
            return 1
        try:
            known = {sha: d for sha, d in api.lookup(f.sha256 for f in files).items() if d["stored"]}
            job.send([file for file in files if file.sha256 not in known])
            if job.batch_ids:
                console.print("batches: " + " ".join(job.batch_ids))
            # an earlier, interrupted run may have left its documents still in processing: follow those too
            unfinished = sorted({d["batch_id"] for d in known.values() if d["status"] in ("queued", "processing")})
            if watch and (job.batch_ids or unfinished):
                from services.bulk.watching import wait_for_batches

                wait_for_batches(api, job.batch_ids + [b for b in unfinished if b not in job.batch_ids], console)
            rows = job.outcomes(files, problems, set(known))
        except ApiError as exc:
            console.print(f"[red]✗ {exc}[/red]")
            return 2
    print_summary(console, rows)
    return 1 if any(row.bad for row in rows) or not rows else 0
