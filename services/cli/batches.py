"""`reportflow batches`: the batches, newest first, with name and counts; `reportflow batches delete ID…`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from services.cli.client import Api, ApiError
from services.cli.root import API_OPTION_HELP, EXIT_NOT_PROCESSED, app, fail

batches_app = typer.Typer(help="Batches: list them (newest first), delete them.")
app.add_typer(batches_app, name="batches")


@batches_app.callback(invoke_without_command=True)
def list_batches(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="How many of the newest batches.")] = 50,
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """List the newest batches: id, name, created, documents and their counts per status, progress."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        with Api(api) as client:
            listed = client.batches(limit)
    except ApiError as exc:
        raise fail(str(exc)) from exc
    table = Table("batch", "name", "created (UTC)", "documents", "statuses", "progress")
    for batch in listed:
        counts = ", ".join(f"{status} {n}" for status, n in sorted(batch["counts"].items()))
        table.add_row(batch["id"], batch["name"] or "", batch["created_at"][:19].replace("T", " "),
                      str(batch["total"]), counts, f"{batch['progress']:.0%}")
    Console().print(table)


@batches_app.command("delete")
def delete_batches(
    batches: Annotated[list[str], typer.Argument(help="Batch ids.")],
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """Delete batches: their documents, results and stored files (a file another batch also holds is kept)."""
    refused = 0
    with Api(api) as client:
        for batch_id in batches:
            try:
                deleted = client.delete_batch(batch_id)
            except ApiError as exc:
                if exc.status is None:  # unreachable: the next ones would fail the same way
                    raise fail(str(exc)) from exc
                Console(stderr=True).print(f"[red]✗ {exc}[/red]", highlight=False)
                refused += 1
                continue
            typer.echo(f"deleted batch {batch_id}: {deleted['documents']} documents, "
                       f"{deleted['objects']} stored files")
    if refused:
        raise typer.Exit(code=EXIT_NOT_PROCESSED)
