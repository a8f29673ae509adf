"""What the dashboard pages show, read from the SQL store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.ingest.progress import BatchProgress, batch_documents, batch_progress
from shared.db.models import Batch, Document, MetricRow, SectionRow, StageRun, Status


@dataclass(frozen=True)
class BatchOverview:
    id: str
    created_at: datetime
    progress: BatchProgress


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    source: Document  # whose results are shown: the document itself, or the original it duplicates
    runs: list[StageRun]
    sections: list[SectionRow]
    metrics: list[MetricRow]


def recent_batches(session: Session, limit: int = 50) -> list[BatchOverview]:
    batches = session.scalars(select(Batch).order_by(Batch.created_at.desc()).limit(limit))
    return [BatchOverview(b.id, b.created_at, batch_progress(session, b.id)) for b in batches]


def batch_page(session: Session, batch_id: str) -> tuple[Batch, BatchProgress, list[Document]] | None:
    batch = session.get(Batch, batch_id)
    if batch is None:
        return None
    return batch, batch_progress(session, batch_id), batch_documents(session, batch_id)


def document_page(session: Session, document_id: str) -> DocumentPage | None:
    document = session.get(Document, document_id)
    if document is None:
        return None
    source = document
    if document.status == Status.DUPLICATE and document.duplicate_of:
        source = session.get(Document, document.duplicate_of) or document
    runs = list(session.scalars(select(StageRun).where(StageRun.document_id == document_id).order_by(StageRun.id)))
    sections = list(session.scalars(select(SectionRow).where(SectionRow.document_id == source.id)
                                    .order_by(SectionRow.position)))
    metrics = list(session.scalars(select(MetricRow).where(MetricRow.document_id == source.id)
                                   .order_by(MetricRow.position)))
    return DocumentPage(document, source, runs, sections, metrics)
