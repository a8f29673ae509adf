"""Save and load what each stage produced. Saving replaces the document's earlier rows, so re-runs are idempotent."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.db.models import Base, CleanedText, DocumentMetadata, MetricRow, PartRow, SectionRow
from shared.db.offsets import encode_offsets, restore_clean_text
from shared.document import CleanText, Metric, Outline, Part, Section
from shared.stages import FIRST_STAGE, Stage, outputs_from


def _fields(model, item) -> dict:
    """The item's dataclass fields that the table stores (fields added to the dataclass later are skipped)."""
    columns = model.__table__.columns.keys()
    return {key: value for key, value in asdict(item).items() if key in columns}


def save_clean_text(session: Session, document_id: str, clean: CleanText) -> None:
    runs, raw_length = encode_offsets(clean.offsets)
    session.execute(delete(CleanedText).where(CleanedText.document_id == document_id))
    session.add(CleanedText(document_id=document_id, text=clean.text, raw_length=raw_length, offsets=runs))


def load_clean_text(session: Session, document_id: str) -> CleanText | None:
    row = session.get(CleanedText, document_id)
    if row is None:
        return None
    return restore_clean_text(row.text, row.offsets, row.raw_length)


def save_outline(session: Session, document_id: str, outline: Outline) -> None:
    session.execute(delete(SectionRow).where(SectionRow.document_id == document_id))
    session.execute(delete(PartRow).where(PartRow.document_id == document_id))
    session.add_all(SectionRow(document_id=document_id, position=i, **_fields(SectionRow, section))
                    for i, section in enumerate(outline.sections))
    session.add_all(PartRow(document_id=document_id, position=i, **_fields(PartRow, part))
                    for i, part in enumerate(outline.parts))


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
    session.execute(delete(MetricRow).where(MetricRow.document_id == document_id))
    extras = provenance or [{}] * len(metrics)
    session.add_all(MetricRow(document_id=document_id, position=i, **_fields(MetricRow, metric), **extra)
                    for i, (metric, extra) in enumerate(zip(metrics, extras, strict=True)))


def save_metadata(session: Session, document_id: str, found: dict) -> None:
    """What the section stage found about the report (shared.metadata keeps the user's corrections apart)."""
    session.execute(delete(DocumentMetadata).where(DocumentMetadata.document_id == document_id))
    columns = DocumentMetadata.__table__.columns.keys()
    session.add(DocumentMetadata(document_id=document_id,
                                 **{key: value for key, value in found.items() if key in columns}))


def delete_results(session: Session, document_id: str, from_stage: Stage = FIRST_STAGE) -> None:
    """Forget the output of ``from_stage`` and every later stage for a document (before it is processed again
    from there), latest stage first; the tables come from the stage table (shared.stages)."""
    for name in reversed(outputs_from(from_stage)):
        table = Base.metadata.tables[name]
        session.execute(delete(table).where(table.c.document_id == document_id))
