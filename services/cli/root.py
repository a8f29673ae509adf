"""The root of the `reportflow` command line, and the rules every command shares: one exit status for
"how did the documents end", one way to report an error."""

from __future__ import annotations

from collections.abc import Iterable

import typer
from rich.console import Console

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Process Chinese government work reports.")


@app.callback()
def main() -> None:
    """reportflow: clean text, heading tree and indicator table of Chinese work reports."""


EXIT_OK, EXIT_NOT_PROCESSED, EXIT_API = 0, 1, 2
# A document that ended like this was not processed: the command that waited for it says so with exit 1.
# ("not sent": the upload could not send it.)
NOT_PROCESSED = frozenset({"failed", "cancelled", "rejected", "dead", "not sent"})

API_OPTION_HELP = "Ingest API URL (default REPORTFLOW_API_URL, else http://REPORTFLOW_API_HOST:API_PORT)."


def exit_status(statuses: Iterable[str]) -> int:
    """0 when every document ended done (or as a duplicate of one), 1 when any failed, was cancelled,
    rejected, given up (dead) or not sent."""
    return EXIT_NOT_PROCESSED if any(status in NOT_PROCESSED for status in statuses) else EXIT_OK


def counts_exit_status(counts: dict[str, int]) -> int:
    return exit_status(status for status, n in counts.items() if n)


def fail(message: str, code: int = EXIT_API, console: Console | None = None) -> typer.Exit:
    """Print ``message`` as the one error line and return the Exit to raise."""
    (console or Console(stderr=True)).print(f"[red]✗ {message}[/red]", highlight=False)
    return typer.Exit(code=code)
