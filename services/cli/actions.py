"""`reportflow reprocess|retry|cancel ID…`: the fix-up actions of the dashboard, for batch or document ids.

Each id is looked up as a document, then as a batch. A batch's reprocess is every one of its documents that
can be processed again (not a duplicate, not rejected, not in flight); retry of a document runs it again from
the stage it failed at. Exit status: 0 when every action was taken, 1 when the API refused one (the line
says why), 2 when an id is unknown or the API unreachable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from services.cli.client import Api, ApiError
from services.cli.root import API_OPTION_HELP, EXIT_API, EXIT_NOT_PROCESSED, EXIT_OK, app

REPROCESSABLE = ("done", "failed", "cancelled", "dead")
RETRYABLE = ("failed", "dead")


class FromStage(StrEnum):
    clean = "clean"
    section = "section"
    extract = "extract"


class Refused(Exception):
    """The action does not apply to this document or batch now."""


def _find(api: Api, identifier: str) -> tuple[str, dict]:
    """("document", its status) or ("batch", its progress) for an id."""
    for kind, get in (("document", api.document), ("batch", api.progress)):
        try:
            return kind, get(identifier)
        except ApiError as exc:
            if exc.status != 404:
                raise
    raise ApiError(f"no batch or document with id {identifier!r}", 404)


def reprocess_one(api: Api, identifier: str, from_stage: str | None) -> str:
    kind, found = _find(api, identifier)
    if kind == "document":
        requeued = api.reprocess(identifier, from_stage)
        return f"document {identifier}: {requeued['status']} from {requeued['from_stage']}"
    documents = [d for d in api.batch(identifier)["documents"] if d["status"] in REPROCESSABLE]
    if not documents:
        raise Refused(f"batch {identifier} has no document to reprocess (none done, failed or cancelled)")
    for document in documents:
        api.reprocess(document["id"], from_stage)
    return f"batch {identifier}: {len(documents)} documents queued again from {from_stage or 'clean'}"


def retry_one(api: Api, identifier: str) -> str:
    kind, found = _find(api, identifier)
    if kind == "batch":
        retried = api.retry_failed(identifier)["retried"]
        if not retried:
            raise Refused(f"batch {identifier} has no failed document")
        return f"batch {identifier}: {len(retried)} failed documents queued again"
    if found["status"] not in RETRYABLE:
        raise Refused(f"document {identifier} is {found['status']}, not failed: nothing to retry "
                      "(`reportflow reprocess` runs it again)")
    stage = found["stage"] if found["stage"] in FromStage.__members__ else None
    requeued = api.reprocess(identifier, stage)
    return f"document {identifier}: {requeued['status']} from {requeued['from_stage']}"


def cancel_one(api: Api, identifier: str) -> str:
    kind, _found = _find(api, identifier)
    if kind == "batch":
        cancelled = api.cancel(identifier)["cancelled"]
        return f"batch {identifier}: {len(cancelled)} documents cancelled"
    api.cancel_document(identifier)
    return f"document {identifier}: cancelled"


def _run(ids: list[str], api_url: str | None, action) -> int:
    console, errors = Console(), Console(stderr=True)
    code = EXIT_OK
    with Api(api_url) as api:
        for identifier in ids:
            try:
                console.print(action(api, identifier), highlight=False)
            except Refused as exc:
                errors.print(f"[red]✗ {exc}[/red]", highlight=False)
                code = max(code, EXIT_NOT_PROCESSED)
            except ApiError as exc:
                errors.print(f"[red]✗ {exc}[/red]", highlight=False)
                refused = exc.status is not None and exc.status != 404
                code = max(code, EXIT_NOT_PROCESSED if refused else EXIT_API)
                if exc.status is None:
                    break  # unreachable: the next ids would fail the same way
    return code


IDS_HELP = "Batch or document ids."


@app.command()
def reprocess(
    ids: Annotated[list[str], typer.Argument(help=IDS_HELP)],
    from_stage: Annotated[FromStage | None, typer.Option("--from-stage", help="First stage to run again "
                                                                             "(default clean).")] = None,
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """Process documents again (a batch: every one of its documents that finished)."""
    stage = from_stage.value if from_stage else None
    raise typer.Exit(code=_run(ids, api, lambda client, identifier: reprocess_one(client, identifier, stage)))


@app.command()
def retry(
    ids: Annotated[list[str], typer.Argument(help=IDS_HELP)],
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """Run failed documents again from the stage they failed at (a batch: every failed one)."""
    raise typer.Exit(code=_run(ids, api, retry_one))


@app.command()
def cancel(
    ids: Annotated[list[str], typer.Argument(help=IDS_HELP)],
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """Stop documents: queued ones are not processed, running ones stop at their next stage (a batch: all)."""
    raise typer.Exit(code=_run(ids, api, cancel_one))
