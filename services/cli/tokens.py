"""`reportflow token create|list|revoke`: API tokens, straight in the database (REPORTFLOW_DATABASE_URL)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from services.cli.root import app, fail

token_app = typer.Typer(no_args_is_help=True, help="API tokens (REPORTFLOW_AUTH=token): create, list, revoke.")
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(name: Annotated[str, typer.Argument(help="Who or what uses it (shown in `token list`).")]) -> None:
    """Create a token and print it once; only its SHA-256 is stored."""
    from shared import tokens
    from shared.db.session import session_scope

    try:
        with session_scope() as session:
            created = tokens.create(session, name)
    except tokens.TokenError as exc:
        raise fail(str(exc), code=2) from exc
    Console(stderr=True).print(f"token {created.id} ({created.name}) created; it is shown only now:")
    typer.echo(created.token)


@token_app.command("revoke")
def token_revoke(token: Annotated[str, typer.Argument(help="The token's id or name.")]) -> None:
    """Revoke a token at once: requests and dashboard sessions with it are refused from now on."""
    from shared import tokens
    from shared.db.session import session_scope

    try:
        with session_scope() as session:
            revoked = tokens.revoke(session, token)
    except tokens.TokenError as exc:
        raise fail(str(exc), code=1) from exc
    typer.echo(f"revoked {', '.join(revoked)}")


@token_app.command("list")
def token_list() -> None:
    """Every token: id, name, created, revoked."""
    from shared import tokens
    from shared.db.session import session_scope

    table = Table("id", "name", "created", "revoked")
    with session_scope() as session:
        for row in tokens.listing(session):
            table.add_row(row.id, row.name, str(row.created_at)[:19], str(row.revoked_at or "")[:19])
    Console().print(table)
