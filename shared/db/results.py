"""Save and load what each stage produced. Saving replaces the document's earlier rows, so re-runs are idempotent.

Rows go in as one multi-row statement per table (SQLAlchemy Core ``executemany``), not one ORM object each: a
report's 141 metrics were 142 statements through ``add_all``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from shared.db.models import Base, CleanedText, DocumentMetadata, MetricRow, PartRow, SectionRow
from shared.db.offsets import encode_offsets, restore_clean_text
from shared.document import CleanText, Metric, Outline, Part, Section
from shared.stages import FIRST_STAGE, Stage, outputs_from


def _rows(model, document_id: str, items: Iterable) -> list[dict]:
    """One row per item: its dataclass fields that the table stores (fields added to the dataclass later are
    skipped), the document and the item's position."""
    items = list(items)
    if not items:
        return []
    columns = set(model.__table__.columns.keys())
    # the items' fields are plain values: read them directly (dataclasses.asdict deep-copies every one)
    names = [f.name for f in fields(items[0]) if f.name in columns]
    return [{"document_id": document_id, "position": position, **{name: getattr(item, name) for name in names}}
            for position, item in enumerate(items)]


def _replace(session: Session, model, document_id: str, rows: list[dict]) -> None:
    """The document's rows of ``model`` become ``rows``: one DELETE, then one INSERT executed for every row."""
    table = model.__table__
    session.execute(delete(table).where(table.c.document_id == document_id))
    if rows:
        session.execute(insert(table), rows)


def save_clean_text(session: Session, document_id: str, clean: CleanText) -> None:
    runs, raw_length = encode_offsets(clean.offsets)
    _replace(session, CleanedText, document_id,
             [{"document_id": document_id, "text": clean.text, "raw_length": raw_length, "offsets": runs}])


def load_clean_text(session: Session, document_id: str) -> CleanText | None:
    row = session.get(CleanedText, document_id)
    if row is None:
        return None
    return restore_clean_text(row.text, row.offsets, row.raw_length)


def save_outline(session: Session, document_id: str, outline: Outline) -> None:
    _replace(session, SectionRow, document_id, _rows(SectionRow, document_id, outline.sections))
    _replace(session, PartRow, document_id, _rows(PartRow, document_id, outline.parts))


def load_outline(session: Session, document_id: str) -> Outline:
    sections = session.scalars(select(SectionRow).where(SectionRow.document_id == document_id)
                               .order_by(SectionRow.position))
    parts = session.scalars(select(PartRow).where(PartRow.document_id == document_id).order_by(PartRow.position))
    return Outline(
        sections=[Section(level=s.level, title=s.title, kind=s.kind, start=s.start, end=s.end, part=s.part)
                  for s in sections],
        parts=[Part(title=p.title, start=p.start, end=p.end) for p in parts],
    )


def save_metrics(session: Session, document_id: str, metrics: list[Metric],
                 provenance: list[dict] | None = None) -> None:
    """``provenance``: per metric, the extra columns (indicator group, source sentence, cleaned offsets)."""
    rows = _rows(MetricRow, document_id, metrics)
    for row, extra in zip(rows, provenance or [{}] * len(rows), strict=True):
        row.update(extra)
    _replace(session, MetricRow, document_id, rows)


def save_metadata(session: Session, document_id: str, found: dict) -> None:
    """What the section stage found about the report (shared.db.metadata keeps the user's corrections apart)."""
    columns = DocumentMetadata.__table__.columns.keys()
    _replace(session, DocumentMetadata, document_id,
             [{"document_id": document_id, **{key: value for key, value in found.items() if key in columns}}])


def delete_results(session: Session, document_id: str, from_stage: Stage = FIRST_STAGE) -> None:
    """Forget the output of ``from_stage`` and every later stage for a document (before it is processed again
    from there), latest stage first; the tables come from the stage table (shared.stages)."""
    for name in reversed(outputs_from(from_stage)):
        table = Base.metadata.tables[name]
        session.execute(delete(table).where(table.c.document_id == document_id))
