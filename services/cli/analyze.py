"""`reportflow analyze`: the analysis core on local files, with no service running."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from services.cli.root import app


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Report files (.txt .docx .doc .wps .pdf .html).", exists=True, dir_okay=False)],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per file on stdout.")] = False,
) -> None:
    """Analyse reports locally, with no service running: clean, section, extract metrics."""
    from services.analyze import analyze_path
    from shared.errors import DocumentError

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
