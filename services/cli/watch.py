"""`reportflow watch BATCH…`: follow batches' event streams with progress bars until every document is finished.

One stream per batch, each read by its own thread into a ``BatchView``; the main thread draws the sum of the
views (one overall bar, one per stage). ``watch_batches`` is the reusable part (`reportflow upload --watch`
calls it after uploading). Exit status: services.cli.root.exit_status over every document, or 2 when a
batch cannot be followed (unknown batch, API unreachable).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated

import httpx
import typer
from httpx_sse import SSEError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from services.cli.client import Api, ApiError
from services.cli.root import API_OPTION_HELP, EXIT_API, NOT_PROCESSED, app, counts_exit_status, fail
from services.cli.runs import RunError, resolve_batches

RECONNECTS = 5  # consecutive broken connections tolerated before giving up
RECONNECT_PAUSE = 1.0
REDRAW_SECONDS = 0.2


class WatchError(Exception):
    """The batch cannot be followed: unknown batch, or the API is unreachable."""


@dataclass
class BatchView:
    """What one batch's stream said so far: the latest state of every document and the latest progress."""

    batch_id: str
    documents: dict[str, dict] = field(default_factory=dict)
    progress: dict | None = None
    final: bool = False
    last_event_id: str | None = None
    error: str | None = None


class Bars:
    """One overall bar (finished documents) and one per stage (documents past that stage), over all views."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def update(self, views: list[BatchView]) -> None:
        summaries = [view.progress for view in views if view.progress]
        if not summaries:
            return
        total = sum(s["total"] for s in summaries)
        in_flight = sum(s["counts"].get(status, 0) for s in summaries for status in ("queued", "processing"))
        self._set("batch", "[bold]documents", total - in_flight, total)
        for name in summaries[0]["stages"]:
            self._set(name, f"  {name}", sum(s["stages"][name]["passed"] for s in summaries),
                      sum(s["stages"][name]["total"] for s in summaries))

    def _set(self, key: str, label: str, completed: int, total: int) -> None:
        if key not in self.tasks:
            self.tasks[key] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[key], completed=completed, total=total)


def watch_batches(api: Api, batch_ids: list[str], console: Console | None = None) -> int:
    """Show the batches live until every one is complete; print a summary; return the exit status."""
    console = console or Console()
    batch_ids = list(dict.fromkeys(batch_ids))
    try:
        for batch_id in batch_ids:  # an unknown batch or an unreachable API is said at once, in one line
            api.progress(batch_id)
    except ApiError as exc:
        console.print(f"[red]✗ {_unknown(exc, batch_id)}[/red]", highlight=False)
        return EXIT_API
    views = [BatchView(batch_id) for batch_id in batch_ids]
    threads = [threading.Thread(target=_follow_into, args=(api, view, console), daemon=True) for view in views]
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        bars = Bars(progress)
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            bars.update(views)
            time.sleep(REDRAW_SECONDS)
        bars.update(views)
    errors = [view.error for view in views if view.error]
    if errors:
        for error in dict.fromkeys(errors):
            console.print(f"[red]✗ {error}[/red]", highlight=False)
        return EXIT_API
    counts = _print_summary(console, views)
    return counts_exit_status(counts)


def _unknown(exc: ApiError, batch_id: str) -> str:
    return f"no batch with id {batch_id!r}" if exc.status == 404 else str(exc)


def _follow_into(api: Api, view: BatchView, console: Console) -> None:
    try:
        _follow(api, view, console)
    except WatchError as exc:
        view.error = str(exc)


def _follow(api: Api, view: BatchView, console: Console) -> None:
    broken = 0
    while not view.final:
        try:
            with api.events(view.batch_id, view.last_event_id) as source:
                for event in source.iter_sse():
                    broken = 0
                    _apply(event.event, event.json() if event.data else None, view, console)
                    if event.id:
                        view.last_event_id = event.id
                    if view.final:
                        return
        except ApiError as exc:
            if exc.status == 404:
                raise WatchError(_unknown(exc, view.batch_id)) from exc
            broken = _pause_or_give_up(broken, str(exc), exc)
        except (httpx.TransportError, SSEError) as exc:
            broken = _pause_or_give_up(broken, str(api.unreachable(exc)), exc)
        # a stream that ended without the final event (server restarted): reconnect where it left off


def _pause_or_give_up(broken: int, message: str, exc: Exception) -> int:
    if broken + 1 > RECONNECTS:
        raise WatchError(message) from exc
    time.sleep(RECONNECT_PAUSE)
    return broken + 1


def _apply(kind: str, data: dict | None, view: BatchView, console: Console) -> None:
    if kind == "document" and data:
        before = view.documents.get(data["id"], {}).get("status")
        view.documents[data["id"]] = data
        if data["status"] == "failed" and before != "failed":
            console.print(f"[red]✗ {data['filename']}[/red] failed at {data['stage']}: {data['error']}",
                          highlight=False)
    elif kind in ("progress", "final") and data:
        view.progress = data
        view.final = kind == "final"


def _print_summary(console: Console, views: list[BatchView]) -> Counter:
    everything: Counter = Counter()
    for view in views:
        summary = view.progress or {"total": 0, "counts": {}}
        counts = ", ".join(f"{status} {n}" for status, n in summary["counts"].items()) or "no documents"
        console.print(f"batch {view.batch_id}: {summary['total']} documents — {counts}", highlight=False)
        everything.update(summary["counts"])
    if len(views) > 1:
        counts = ", ".join(f"{status} {n}" for status, n in everything.items()) or "no documents"
        console.print(f"{len(views)} batches: {sum(everything.values())} documents — {counts}", highlight=False)
    problems = [d for view in views for d in view.documents.values() if d["status"] in NOT_PROCESSED]
    if problems:
        table = Table("document", "status", "stage", "error", title="documents not done")
        for d in problems:
            table.add_row(d["filename"], d["status"], d["stage"] or "", d["error"] or "")
        console.print(table)
    return everything


@app.command()
def watch(
    batches: Annotated[list[str], typer.Argument(help="Batch ids, or the run id `reportflow upload` printed "
                                                      "(`last` for the latest run).")],
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """Follow batches live (overall and per-stage progress) until they are finished; exit 1 if any document
    failed, was rejected or cancelled, 2 if a batch cannot be followed."""
    console = Console()
    try:
        batch_ids = resolve_batches(batches)
    except RunError as exc:
        raise fail(str(exc), console=console) from exc
    with Api(api) as client:
        raise typer.Exit(code=watch_batches(client, batch_ids, console))
