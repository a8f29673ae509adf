"""`reportflow export BATCH…`: the metrics table of one or more batches (or an upload's run) as XLSX or CSV.

The format is --format, else told by the output file's extension (.csv, .xlsx), else XLSX. Several batches
are downloaded one by one and written as one table (the header once).
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from services.cli.client import Api, ApiError
from services.cli.root import API_OPTION_HELP, app, fail
from services.cli.runs import RunError, resolve_batches

FORMATS = ("xlsx", "csv")
CSV_BOM = "\ufeff"


class ExportError(Exception):
    """The format asked for contradicts the output file's name, or the batches' tables differ."""


def export_format(given: str | None, output: Path | None) -> str:
    """--format if given (it must agree with a .csv/.xlsx output name), else the output's extension, else xlsx."""
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if given is not None:
        given = given.lower()
        if given not in FORMATS:
            raise ExportError(f"--format {given}: choose xlsx or csv")
        if suffix in FORMATS and suffix != given:
            raise ExportError(f"--format {given} but the output {output.name} ends with .{suffix}")
        return given
    return suffix if suffix in FORMATS else "xlsx"


def export_batches(api: Api, batch_ids: list[str], fmt: str, target: Path) -> Path:
    if len(batch_ids) == 1:
        return api.export(batch_ids[0], fmt, target)
    with tempfile.TemporaryDirectory(prefix="reportflow-export-") as scratch:
        parts = [api.export(batch_id, fmt, Path(scratch) / f"{index}.{fmt}")
                 for index, batch_id in enumerate(batch_ids)]
        (_join_csv if fmt == "csv" else _join_xlsx)(parts, target)
    return target


def _join_csv(parts: list[Path], target: Path) -> None:
    header, rows = None, []
    for part in parts:
        table = list(csv.reader(io.StringIO(part.read_text(encoding="utf-8-sig"), newline="")))
        if not table:
            continue
        header = _same_header(header, table[0])
        rows += table[1:]
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(CSV_BOM)  # Excel opens UTF-8 only with it, as the API writes it
        writer = csv.writer(out)
        writer.writerows([header or [], *rows])


def _join_xlsx(parts: list[Path], target: Path) -> None:
    from openpyxl import Workbook, load_workbook

    joined = Workbook(write_only=True)
    sheet, header = joined.create_sheet("metrics"), None
    for part in parts:
        rows = load_workbook(part, read_only=True).active.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            continue
        if header is None:
            sheet.append(list(first))
        header = _same_header(header, list(first))
        for row in rows:
            sheet.append(list(row))
    joined.save(target)


def _same_header(header: list | None, first: list) -> list:
    if header is not None and list(header) != list(first):
        raise ExportError("the batches' tables have different columns (exported by different API versions?)")
    return first


@app.command()
def export(
    batches: Annotated[list[str], typer.Argument(help="Batch ids, or the run id `reportflow upload` printed "
                                                      "(`last` for the latest run).")],
    format: Annotated[str | None, typer.Option("--format", "-f", help="xlsx or csv (UTF-8 with BOM); default: "
                                                                      "the output's extension, else xlsx.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default "
                                                                      "batch-<id>.<format>).")] = None,
    api: Annotated[str | None, typer.Option(help=API_OPTION_HELP)] = None,
) -> None:
    """Download the metrics table of batches: document, title, section path, name, value, unit, change, kind,
    year. Several batches are written as one table."""
    try:
        fmt = export_format(format, output)
        batch_ids = resolve_batches(batches)
    except ExportError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from exc
    except RunError as exc:
        raise fail(str(exc)) from exc
    name = batch_ids[0] if len(batch_ids) == 1 else f"{batch_ids[0]}-and-{len(batch_ids) - 1}-more"
    target = output or Path(f"batch-{name}.{fmt}")
    try:
        with Api(api) as client:
            written = export_batches(client, batch_ids, fmt, target)
    except (ApiError, ExportError, OSError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(str(written))
