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
    paths: Annotated[list[Path], typer.Argument(help="Report files (.txt .docx .pdf .html).", exists=True, dir_okay=False)],
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
def migrate() -> None:
    """Create or upgrade the database schema (REPORTFLOW_DATABASE_URL) to the latest revision."""
    from shared.db.migrate import upgrade

    upgrade()
    typer.echo("database schema is up to date")
