"""`reportflow watch BATCH`: follow a batch's event stream with progress bars until every document is finished.

``watch_batch`` is the reusable part (`reportflow upload --watch` calls it after uploading).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx
from httpx_sse import SSEError, connect_sse
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from shared.settings import get_settings

RECONNECTS = 5  # consecutive broken connections tolerated before giving up
RECONNECT_PAUSE = 1.0
EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE = 0, 1, 2


class WatchError(Exception):
    """The batch cannot be followed: unknown batch, or the API is unreachable."""


def default_api_url() -> str:
    settings = get_settings()
    return f"http://{settings.API_HOST}:{settings.API_PORT}"


@dataclass
class BatchView:
    """What the stream said so far: the latest state of every document and the latest progress."""

    documents: dict[str, dict] = field(default_factory=dict)
    progress: dict | None = None
    final: bool = False
    last_event_id: str | None = None


class Bars:
    """One overall bar (finished documents) and one per stage (documents past that stage)."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def update(self, summary: dict) -> None:
        finished = summary["total"] - sum(summary["counts"].get(s, 0) for s in ("queued", "processing"))
        self._set("batch", "[bold]documents", finished, summary["total"])
        for name, stage in summary["stages"].items():
            self._set(name, f"  {name}", stage["passed"], stage["total"])

    def _set(self, key: str, label: str, completed: int, total: int) -> None:
        if key not in self.tasks:
            self.tasks[key] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[key], completed=completed, total=total)


def watch_batch(batch_id: str, api: str | None = None, console: Console | None = None) -> int:
    """Show the batch live until it is complete; print a summary. Exit status: 0, or 1 if any document
    failed, or 2 if the batch cannot be followed."""
    console = console or Console()
    view = BatchView()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with httpx.Client(base_url=api or default_api_url(), timeout=httpx.Timeout(10.0, read=60.0)) as client, \
                Progress(*columns, console=console) as progress:
            _follow(client, batch_id, view, Bars(progress), console)
    except WatchError as exc:
        console.print(f"[red]✗ {exc}[/red]")
        return EXIT_UNREACHABLE
    _print_summary(console, batch_id, view)
    return EXIT_FAILED if (view.progress or {}).get("counts", {}).get("failed") else EXIT_OK


def _follow(client: httpx.Client, batch_id: str, view: BatchView, bars: Bars, console: Console) -> None:
    broken = 0
    while not view.final:
        headers = {"Last-Event-ID": view.last_event_id} if view.last_event_id else {}
        try:
            with connect_sse(client, "GET", f"/v1/batches/{batch_id}/events", headers=headers) as source:
                if source.response.status_code == 404:
                    raise WatchError(f"no batch with id {batch_id!r} at {client.base_url}")
                source.response.raise_for_status()
                for event in source.iter_sse():
                    broken = 0
                    _apply(event.event, event.json() if event.data else None, view, bars, console)
                    if event.id:
                        view.last_event_id = event.id
                    if view.final:
                        return
        except (httpx.TransportError, SSEError, httpx.HTTPStatusError) as exc:
            broken += 1
            if broken > RECONNECTS:
                raise WatchError(f"lost the event stream of batch {batch_id} at {client.base_url}: {exc}") from exc
            time.sleep(RECONNECT_PAUSE)
        # a stream that ended without the final event (server restarted): reconnect where it left off


def _apply(kind: str, data: dict | None, view: BatchView, bars: Bars, console: Console) -> None:
    if kind == "document" and data:
        before = view.documents.get(data["id"], {}).get("status")
        view.documents[data["id"]] = data
        if data["status"] == "failed" and before != "failed":
            console.print(f"[red]✗ {data['filename']}[/red] failed at {data['stage']}: {data['error']}")
    elif kind in ("progress", "final") and data:
        view.progress = data
        bars.update(data)
        view.final = kind == "final"


def _print_summary(console: Console, batch_id: str, view: BatchView) -> None:
    summary = view.progress or {"total": 0, "counts": {}}
    counts = ", ".join(f"{status} {n}" for status, n in summary["counts"].items()) or "no documents"
    console.print(f"batch {batch_id}: {summary['total']} documents — {counts}")
    problems = [d for d in view.documents.values() if d["status"] in ("failed", "rejected", "cancelled")]
    if problems:
        table = Table("document", "status", "stage", "error", title="documents not done")
        for d in problems:
            table.add_row(d["filename"], d["status"], d["stage"] or "", d["error"] or "")
        console.print(table)
