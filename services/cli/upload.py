"""`reportflow upload`: send many reports in parallel batches, skipping what the service already has.

Steps: collect and hash the local files; ask the service which digests it already stores (those are not
sent again, so an interrupted upload resumes where it stopped); send the rest in batches of ``batch_size``
from ``workers`` threads, each batch named after ``--name``; record the batches as one run (services.cli.runs)
that `watch` and `export` take; optionally watch them until processed; print one row per file.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
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

from services.cli.client import Api, ApiError
from services.cli.files import LocalFile, LocalProblem, collect, supported_extensions
from services.cli.root import API_OPTION_HELP, EXIT_API, EXIT_NOT_PROCESSED, NOT_PROCESSED, app, exit_status
from services.cli.runs import new_run_id, save_run

NOT_SENT = "not sent"  # a local problem (missing file, unreadable, archive refused) or a failed request
SKIPPED = "skipped"


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
        return self.status in NOT_PROCESSED


def chunked(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def batch_names(name: str | None, batches: int) -> list[str | None]:
    """The name of each batch of one upload: the name itself, numbered when the upload takes several."""
    if not name or batches == 1:
        return [name] * batches
    return [f"{name} ({index}/{batches})" for index in range(1, batches + 1)]


def _send(api: Api, files: list[LocalFile], name: str | None) -> dict:
    with ExitStack() as streams:
        return api.upload([(file.filename, streams.enter_context(file.open())) for file in files], name)


class BulkUpload:
    def __init__(self, api: Api, console: Console, batch_size: int, workers: int, name: str | None = None):
        self.api = api
        self.console = console
        self.batch_size = batch_size
        self.workers = workers
        self.name = name
        self.batch_ids: list[str] = []
        self.failed_sends: dict[str, str] = {}  # sha256 → why its batch could not be sent

    def gather(self, paths: list[Path]) -> tuple[list[LocalFile], list[LocalProblem]]:
        from shared.archive import ArchiveLimits
        from shared.settings import get_settings

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
        batches = list(chunked(distinct, self.batch_size))
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, console=self.console) as progress, ThreadPoolExecutor(self.workers) as pool:
            task = progress.add_task("uploading", total=len(distinct))
            futures = {pool.submit(_send, self.api, batch, name): batch
                       for batch, name in zip(batches, batch_names(self.name, len(batches)), strict=True)}
            for future in as_completed(futures):
                batch = futures[future]
                try:
                    self.batch_ids.append(future.result()["batch_id"])
                except (ApiError, OSError) as exc:
                    for file in batch:
                        self.failed_sends[file.sha256] = str(exc)
                progress.advance(task, len(batch))

    def outcomes(self, files: list[LocalFile], problems: list[LocalProblem], resumed: set[str]) -> list[Outcome]:
        known = self.api.lookup(file.sha256 for file in files) if files else {}
        rows = [Outcome(problem.label, status=SKIPPED if problem.skipped else NOT_SENT, error=problem.error)
                for problem in problems]
        for file in files:
            if file.sha256 in self.failed_sends:
                rows.append(Outcome(file.label, status=NOT_SENT, error=self.failed_sends[file.sha256]))
                continue
            document = known.get(file.sha256)
            if document is None:
                rows.append(Outcome(file.label, status=NOT_SENT, error="the service has no record of this file"))
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
    console.print(summary_line(rows), highlight=False)


def summary_line(rows: list[Outcome]) -> str:
    """How many files were sent, already stored, could not be sent, were not processed, were skipped."""
    skipped = sum(row.status == SKIPPED for row in rows)
    unsent = sum(row.status == NOT_SENT for row in rows)
    resumed = sum(row.resumed for row in rows)
    sent = sum(bool(row.document_id) and not row.resumed for row in rows)
    bad = sum(row.bad for row in rows)
    return (f"{len(rows) - skipped} files: {sent} sent, {resumed} already stored"
            + (f", {unsent} not sent" if unsent else "") + f", {bad} not processed"
            + (f", {skipped} skipped (not a format reportflow reads)" if skipped else ""))


def run_upload(paths: list[Path], api_url: str | None, watch: bool, batch_size: int, workers: int,
               name: str | None = None, console: Console | None = None) -> int:
    """Exit status (services.cli.root): 0 when every file is stored (and, with watch, processed) without
    error, 1 when any was not sent, rejected or not processed, 2 when the API cannot be used."""
    from services.cli.watch import watch_batches

    console = console or Console()
    with Api(api_url) as api:
        job = BulkUpload(api, console, batch_size, workers, name)
        files, problems = job.gather(paths)
        if not files and all(problem.skipped for problem in problems):
            if problems:
                print_summary(console, job.outcomes([], problems, set()))
            console.print("[red]✗ no report files found[/red] (supported: "
                          + " ".join(sorted(supported_extensions())) + " and .zip)", highlight=False)
            return EXIT_NOT_PROCESSED
        try:
            known = {sha: d for sha, d in api.lookup(f.sha256 for f in files).items() if d["stored"]}
            job.send([file for file in files if file.sha256 not in known])
            if job.batch_ids:
                _record_run(console, job.batch_ids, api.base_url, name)
            # an earlier, interrupted run may have left its documents still in processing: follow those too
            unfinished = sorted({d["batch_id"] for d in known.values() if d["status"] in ("queued", "processing")})
            watched = job.batch_ids + [b for b in unfinished if b not in job.batch_ids]
            if watch and watched and watch_batches(api, watched, console) == EXIT_API:
                return EXIT_API
            rows = job.outcomes(files, problems, set(known))
        except ApiError as exc:
            console.print(f"[red]✗ {exc}[/red]", highlight=False)
            return EXIT_API
    print_summary(console, rows)
    return exit_status(row.status for row in rows) if rows else EXIT_NOT_PROCESSED


def _record_run(console: Console, batch_ids: list[str], api_url: str, name: str | None) -> None:
    """Print the batches and the run id that stands for them all (`reportflow watch RUN`)."""
    console.print("batches: " + " ".join(batch_ids), highlight=False)
    run_id = new_run_id()
    try:
        save_run(run_id, batch_ids, api_url, name)
    except OSError as exc:
        console.print(f"[yellow]could not record the run ({exc}); watch or export the batches by id[/yellow]")
        return
    console.print(f"run: {run_id}  (reportflow watch {run_id} · reportflow export {run_id})", highlight=False)


@app.command()
def upload(
    paths: Annotated[list[Path], typer.Argument(help="Report files, directories (walked recursively) and .zip archives.")],
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="The batch's name, shown in `reportflow "
                                                                  "batches` and the dashboard.")] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Follow processing until every document is finished.")]
    = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Files per upload request (one batch each).")] = 50,
    workers: Annotated[int, typer.Option(min=1, help="Upload requests in flight at once.")] = 4,
) -> None:
    """Upload many reports in parallel batches; files the service already stores (same sha256) are not sent
    again. Prints the batches and one run id for them all; ends with a table per file; exit 1 if any file
    was not sent, rejected, failed or cancelled."""
    raise typer.Exit(code=run_upload(paths, api, watch, batch_size, workers, name))
