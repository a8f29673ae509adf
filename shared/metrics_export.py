"""A batch's metrics as a flat table (one row per metric), written as CSV or XLSX.

Each row names the document, the report's title (the level-0 heading above the metric) and the path of
headings from that title down to the metric's section, so a spreadsheet user can filter and pivot.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.models import Document, MetricRow, Status
from shared.db.results import load_clean_text, load_outline
from shared.document import Outline, Section

COLUMNS = ("document", "title", "section path", "name", "value", "unit", "change", "kind", "year")
PATH_SEPARATOR = " > "
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class ExportRow:
    document: str
    title: str
    section_path: str
    name: str
    value: int | float | None
    unit: str
    change: str
    kind: str
    year: int | None


def plain_number(value: float | None) -> int | float | None:
    """11.0 reads back as 11 in a spreadsheet cell and in CSV; other values keep every digit."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def section_chain(outline: Outline, offset: int, title: str | None) -> list[Section]:
    """The headings from the outermost down to the metric's section.

    The metric stores its innermost section's title; the section is the last one of that title starting
    at or before the metric (titles repeat: "（一）..." under several chapters), else the one holding it.
    """
    sections = outline.sections
    index = None
    if title is not None:
        same = [i for i, s in enumerate(sections) if s.title == title]
        before = [i for i in same if sections[i].start <= offset]
        index = before[-1] if before else (same[0] if same else None)
    if index is None:
        held = outline.section_at(offset)
        index = next((i for i, s in enumerate(sections) if s is held), None)
    if index is None:
        return []
    chain = [sections[index]]
    for section in reversed(sections[:index]):
        if section.level < chain[0].level:
            chain.insert(0, section)
    return chain


def report_title(outline: Outline, chain: list[Section], offset: int) -> str:
    if chain and chain[0].level == 0:
        return chain[0].title
    titles = [s for s in outline.sections if s.level == 0]
    before = [s for s in titles if s.start <= offset]
    return (before[-1] if before else titles[0]).title if titles else ""


def source_id(document: Document) -> str | None:
    """Whose results answer for the document: the original, when it is a duplicate."""
    return document.duplicate_of if document.status == Status.DUPLICATE else document.id


def document_rows(session: Session, document: Document) -> Iterator[ExportRow]:
    source = source_id(document)
    if source is None:
        return
    metrics = list(session.scalars(select(MetricRow).where(MetricRow.document_id == source)
                                   .order_by(MetricRow.position)))
    if not metrics:
        return
    outline = load_outline(session, source)
    clean = load_clean_text(session, source)
    for metric in metrics:
        offset = clean.clean_offset(metric.start) if clean else 0  # metric offsets are into the raw text
        chain = section_chain(outline, offset, metric.section)
        yield ExportRow(
            document=document.filename, title=report_title(outline, chain, offset),
            section_path=PATH_SEPARATOR.join(s.title for s in chain), name=metric.name,
            value=plain_number(metric.value), unit=metric.unit, change=metric.change or "", kind=metric.kind,
            year=metric.year)


def batch_rows(session: Session, batch_id: str) -> list[ExportRow]:
    documents = session.scalars(select(Document).where(Document.batch_id == batch_id)
                                .order_by(Document.created_at, Document.id))
    return [row for document in documents for row in document_rows(session, document)]


# A spreadsheet takes a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text cell that a spreadsheet would run as a formula, made plain text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(row: ExportRow) -> tuple:
    return tuple(neutralised(value) for value in astuple(row))


def csv_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, which is how Excel knows the file is UTF-8 (else it shows GBK mojibake)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    for record in (COLUMNS, *map(_cells, rows)):
        writer.writerow(["" if cell is None else cell for cell in record])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: Chinese characters are twice as wide as Latin ones."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def xlsx_bytes(rows: list[ExportRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "metrics"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    records = [_cells(row) for row in rows]
    for record in records:
        sheet.append(record)
    sheet.freeze_panes = "A2"
    for column, header in enumerate(COLUMNS, start=1):
        widest = max((display_width(str(r[column - 1])) for r in records if r[column - 1] is not None), default=0)
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_COLUMN_WIDTH,
                                                                       max(widest, display_width(header)) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
