"""A batch's metrics as a flat table (one row per metric), written as CSV or XLSX.

Each row names the document (id, file name, path as uploaded), the report's metadata (issuer, level, place,
year, period, type — user corrections applied), the report's title (the level-0 heading above the metric) and
the path of headings from that title down to the metric's section, and what a reader needs to trust the
number: ≈ (approx), a range's bounds, the indicator group and the sentence it was read from.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.metadata import MetadataFilter, metadata_views
from shared.db.models import METADATA_FIELDS, Batch, Document, MetricRow, Status
from shared.db.results import load_clean_text, load_outline
from shared.document import Outline, Section

DOCUMENT_COLUMNS = ("document id", "batch", "document", "path")
METRIC_COLUMNS = ("title", "section path", "metric id", "name", "indicator", "value", "approx", "value min",
                  "value max", "unit", "change", "kind", "year", "sentence")
def metadata_column(field: str) -> str:
    """The column heading of a metadata field ("report year", not "year": the metric's year has that)."""
    return "report year" if field == "year" else field.replace("_", " ")


METADATA_COLUMNS = tuple(map(metadata_column, METADATA_FIELDS))
COLUMNS = (*DOCUMENT_COLUMNS, *METADATA_COLUMNS, *METRIC_COLUMNS)
PATH_SEPARATOR = " > "
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class ExportRow:
    document_id: str
    batch: str  # the batch's name, else its id
    document: str
    path: str
    # the report's metadata, in METADATA_FIELDS order
    issuer: str | None
    level: str | None
    body_kind: str | None
    province: str | None
    city: str | None
    county: str | None
    town: str | None
    report_year: int | None
    period: str | None
    report_type: str | None
    meeting_date: str | None
    title: str
    section_path: str
    metric_id: int
    name: str
    indicator: str
    value: int | float | None
    approx: bool
    value_min: int | float | None
    value_max: int | float | None
    unit: str
    change: str
    kind: str
    year: int | None
    sentence: str


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


def document_rows(session: Session, document: Document, metadata: dict | None = None,
                  batch_label: str = "") -> Iterator[ExportRow]:
    """``metadata``: the source's metadata values (corrections applied); read when not given."""
    source = source_id(document)
    if source is None:
        return
    metrics = list(session.scalars(select(MetricRow).where(MetricRow.document_id == source)
                                   .order_by(MetricRow.position)))
    if not metrics:
        return
    if metadata is None:
        metadata = metadata_views(session, [source])[source].values
    outline = load_outline(session, source)
    clean = None
    for metric in metrics:
        if metric.clean_start is not None:
            offset = metric.clean_start
        else:  # a row from before provenance was stored: metric offsets are into the raw text
            clean = clean or load_clean_text(session, source)
            offset = clean.clean_offset(metric.start) if clean else 0
        chain = section_chain(outline, offset, metric.section)
        yield ExportRow(
            document_id=document.id, batch=batch_label or document.batch_id, document=document.filename,
            path=document.path or document.filename,
            **{("report_year" if f == "year" else f): metadata.get(f) for f in METADATA_FIELDS},
            title=report_title(outline, chain, offset), section_path=PATH_SEPARATOR.join(s.title for s in chain),
            metric_id=metric.id, name=metric.name, indicator=metric.indicator or metric.name,
            value=plain_number(metric.value), approx=bool(metric.approx), value_min=plain_number(metric.value_min),
            value_max=plain_number(metric.value_max), unit=metric.unit, change=metric.change or "",
            kind=metric.kind, year=metric.year, sentence=metric.sentence or metric.text)


def batch_rows(session: Session, batch_id: str, only: MetadataFilter | None = None) -> list[ExportRow]:
    """Every metric of the batch's documents, in upload order; ``only`` keeps the reports it accepts."""
    batch = session.get(Batch, batch_id)
    label = (batch.name if batch is not None else None) or batch_id
    documents = list(session.scalars(select(Document).where(Document.batch_id == batch_id)
                                     .order_by(Document.created_at, Document.id)))
    views = metadata_views(session, [s for s in map(source_id, documents) if s is not None])
    rows = []
    for document in documents:
        source = source_id(document)
        if source is None:
            continue
        values = views[source].values
        if only and not only.accepts(values):
            continue
        rows.extend(document_rows(session, document, values, label))
    return rows


# A spreadsheet takes a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text cell that a spreadsheet would run as a formula, made plain text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv_chunks(columns: tuple[str, ...], records: Iterable[tuple]) -> Iterator[bytes]:
    """Any table (the pivot's too) as CSV: UTF-8 with a BOM, text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    for record in (columns, *records):
        writer.writerow(["" if cell is None else neutralised(cell) for cell in record])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def csv_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, which is how Excel knows the file is UTF-8 (else it shows GBK mojibake)."""
    return table_csv_chunks(COLUMNS, (astuple(row) for row in rows))


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: Chinese characters are twice as wide as Latin ones."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def xlsx_bytes(rows: list[ExportRow]) -> bytes:
    return table_xlsx_bytes(COLUMNS, [astuple(row) for row in rows], "metrics")


def table_xlsx_bytes(columns: tuple[str, ...], rows: list[tuple], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    records = [tuple(neutralised(value) for value in row) for row in rows]
    for record in records:
        sheet.append(record)
    sheet.freeze_panes = "A2"
    for column, header in enumerate(columns, start=1):
        widest = max((display_width(str(r[column - 1])) for r in records if r[column - 1] is not None), default=0)
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_COLUMN_WIDTH,
                                                                       max(widest, display_width(header)) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
