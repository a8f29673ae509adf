"""The `reportflow` command line."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from shared.errors import DocumentError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Process Chinese government work reports.")


@app.callback()
def main() -> None:
    """reportflow: clean text, heading tree and indicator table of Chinese work reports."""


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Report files (.txt .docx .doc .wps .pdf .html).", exists=True, dir_okay=False)],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per file on stdout.")] = False,
) -> None:
    """Analyse reports locally, with no service running: clean, section, extract metrics."""
    from services.analyze import analyze_path

    console = Console(stderr=jsonl)
    failed = 0
    for path in paths:
        try:
            analysis = analyze_path(path)
        except (DocumentError, OSError) as exc:
            failed += 1
            problem = exc.problem if isinstance(exc, DocumentError) else str(exc)
            if jsonl:
                print(json.dumps({"doc": path.stem, "error": problem}, ensure_ascii=False), flush=True)
            else:
                console.print(f"[red]✗ {path.name}: {problem}[/red]")
            continue
        if jsonl:
            print(json.dumps(analysis.to_json(), ensure_ascii=False), flush=True)
        else:
            _print_summary(console, path, analysis)
    if failed:
        raise typer.Exit(code=1)


def _print_summary(console: Console, path: Path, analysis) -> None:
    outline = analysis.outline
    console.rule(f"[bold]{path.name}")
    console.print(f"{len(analysis.text)} characters, {len(outline.sections)} headings, "
                  f"{len(outline.parts) or 1} part(s), {len(analysis.metrics)} metrics")
    metadata = {key: value for key, value in (analysis.metadata or {}).items() if value is not None}
    if metadata:
        console.print("metadata: " + ", ".join(f"{key}={value}" for key, value in metadata.items()))
    for section in outline.sections:
        console.print(f"{'  ' * section.level}{section.title} [dim]({section.kind})[/dim]")
    if analysis.metrics:
        table = Table("name", "value", "unit", "change", "kind", "year")
        for m in analysis.metrics:
            value = "—" if m.value is None else f"{m.value:,.4f}".rstrip("0").rstrip(".")
            table.add_row(m.name, value, m.unit, m.change or "", m.kind, str(m.year or ""))
        console.print(table)


@app.command()
def dev(
    port: Annotated[int | None, typer.Option(help="API port on 127.0.0.1 (default REPORTFLOW_API_PORT, 8000).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where embedded servers, SQLite and logs live "
                                                       "(default REPORTFLOW_DATA_DIR, ./var).")] = None,
) -> None:
    """Run the whole system on this machine: embedded Redis and S3, SQLite, the API and one worker per queue."""
    from services.devserver import run_dev
    from shared.settings import get_settings

    raise typer.Exit(code=run_dev(get_settings(), data_dir=data_dir, api_port=port))


@app.command()
def migrate(
    wait: Annotated[float, typer.Option(min=0, help="Seconds to keep retrying while the database does not "
                                                    "accept connections yet (e.g. a container still starting).")]
    = 0,
) -> None:
    """Create or upgrade the database schema (REPORTFLOW_DATABASE_URL) to the latest revision."""
    from shared.db.migrate import upgrade, wait_for_database

    wait_for_database(wait)
    upgrade()
    typer.echo("database schema is up to date")


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
        Console(stderr=True).print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(code=2) from exc
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
        Console(stderr=True).print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(code=1) from exc
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


@app.command()
def reconcile(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
) -> None:
    """Queue again the documents in flight that no worker and no message account for (every
    REPORTFLOW_RECONCILE_INTERVAL seconds; several replicas share the work through a leader lease)."""
    import logging

    from shared.reconciler import holder_id, reconcile_once, run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if once:
        result = reconcile_once(holder_id())
        typer.echo(f"leader={result.leader} requeued={len(result.requeued)} dead={len(result.dead)}"
                   + (f" error={result.error}" if result.error else ""))
        return
    run_forever()


@app.command()
def watch(
    batch: Annotated[str, typer.Argument(help="Batch id (as returned by the upload).")],
    api: Annotated[str | None, typer.Option(help="Ingest API URL (default http://REPORTFLOW_API_HOST:API_PORT).")]
    = None,
) -> None:
    """Follow a batch live (overall and per-stage progress) until it is finished; exit 1 if any document failed."""
    from services.watch import watch_batch

    raise typer.Exit(code=watch_batch(batch, api))


@app.command()
def upload(
    paths: Annotated[list[Path], typer.Argument(help="Report files, directories (walked recursively) and .zip archives.")],
    api: Annotated[str | None, typer.Option(help="Ingest API URL (default REPORTFLOW_API_URL, else "
                                                 "http://REPORTFLOW_API_HOST:API_PORT).")] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Follow processing until every document is finished.")]
    = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Files per upload request (one batch each).")] = 50,
    workers: Annotated[int, typer.Option(min=1, help="Upload requests in flight at once.")] = 4,
) -> None:
    """Upload many reports in parallel batches; files the service already stores (same sha256) are not sent
    again. Ends with a table per file; exit 1 if any document was rejected or failed."""
    from services.bulk.client import default_api_url
    from services.bulk.upload import run_upload

    raise typer.Exit(code=run_upload(paths, api or default_api_url(), watch, batch_size, workers))


@app.command()
def export(
    batch: Annotated[str, typer.Argument(help="Batch id (as printed by the upload).")],
    format: Annotated[str, typer.Option("--format", "-f", help="xlsx or csv (UTF-8 with BOM).")] = "xlsx",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write "
                                                                      "(default batch-<id>.<format>).")] = None,
    api: Annotated[str | None, typer.Option(help="Ingest API URL (default REPORTFLOW_API_URL, else "
                                                 "http://REPORTFLOW_API_HOST:API_PORT).")] = None,
) -> None:
    """Download a batch's metrics table: document, title, section path, name, value, unit, change, kind, year."""
    from services.bulk.client import Api, ApiError, default_api_url

    if format not in ("xlsx", "csv"):
        raise typer.BadParameter("choose xlsx or csv", param_hint="--format")
    try:
        with Api(api or default_api_url()) as client:
            written = client.export(batch, format, output)
    except (ApiError, OSError) as exc:
        Console(stderr=True).print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(code=2) from exc
    typer.echo(str(written))
