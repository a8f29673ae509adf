"""What the dashboard pages show, read from the SQL store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from services.ingest.progress import BatchProgress, batch_documents, batch_progress, progress_from_groups
from shared.db.models import Batch, Document, MetricRow, SectionRow, StageRun, Status, as_utc


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
    """The latest batches, newest first, with their progress: one query grouping their documents by
    (status, stage), read from the batch indexes (a query per batch made the page cost 51 round trips)."""
    latest = (select(Batch.id, Batch.created_at).order_by(Batch.created_at.desc(), Batch.id.desc())
              .limit(limit).subquery())
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL would hash-join a sequential read of every document; a LATERAL group per batch reads each
        # batch's entries of the (batch_id, status, stage) index instead
        counted = (select(Document.status, Document.stage, func.count().label("n"))
                   .where(Document.batch_id == latest.c.id).group_by(Document.status, Document.stage)
                   .lateral("counted"))
        query = (select(latest.c.id, latest.c.created_at, counted.c.status, counted.c.stage, counted.c.n)
                 .select_from(latest).outerjoin(counted, true()))
    else:
        query = (select(latest.c.id, latest.c.created_at, Document.status, Document.stage, func.count(Document.id))
                 .select_from(latest).outerjoin(Document, Document.batch_id == latest.c.id)
                 .group_by(latest.c.id, latest.c.created_at, Document.status, Document.stage))
    rows = session.execute(query)
    groups: dict[str, tuple[datetime, list]] = {}
    for batch_id, created_at, status, stage, n in rows:
        _, found = groups.setdefault(batch_id, (created_at, []))
        if n:  # a batch without documents comes back as one row with no status
            found.append((status, stage, n))
    ordered = sorted(groups.items(), key=lambda item: (as_utc(item[1][0]), item[0]), reverse=True)
    return [BatchOverview(batch_id, created_at, progress_from_groups(found))
            for batch_id, (created_at, found) in ordered]


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


# ---- the analyst's workbench (metadata, cleaned text, actions that can succeed, search) ----

REPROCESSABLE = frozenset({Status.DONE, Status.FAILED, Status.CANCELLED, Status.DEAD})
RETRYABLE = frozenset({Status.FAILED, Status.DEAD})


def batch_names(session: Session, batch_ids: list[str]) -> dict[str, str | None]:
    if not batch_ids:
        return {}
    return dict(session.execute(select(Batch.id, Batch.name).where(Batch.id.in_(batch_ids))).all())


def documents_metadata(session: Session, documents: list[Document]) -> dict[str, dict]:
    """Each document's metadata values (its original's for a duplicate), by document id."""
    from shared.db.metadata import metadata_views

    sources = {d.id: (d.duplicate_of if d.status == Status.DUPLICATE and d.duplicate_of else d.id) for d in documents}
    views = metadata_views(session, sources.values())
    return {document_id: views[source].values for document_id, source in sources.items()}


@dataclass(frozen=True)
class DocumentExtras:
    metadata: object  # shared.db.metadata.MetadataView of the source
    text: str | None  # the cleaned text, when the clean stage has run
    selected: MetricRow | None  # the metric asked for (?metric=ID), whose sentence is highlighted
    can_reprocess: bool


def document_extras(session: Session, page: DocumentPage, metric_id: int | None) -> DocumentExtras:
    from shared.db.metadata import metadata_view
    from shared.db.models import CleanedText

    clean = session.get(CleanedText, page.source.id)
    selected = next((m for m in page.metrics if m.id == metric_id), None) if metric_id is not None else None
    return DocumentExtras(metadata_view(session, page.source.id), clean.text if clean else None, selected,
                          page.document.status in REPROCESSABLE)


@dataclass(frozen=True)
class SearchResults:
    indicators: list  # shared.pivot.IndicatorGroup whose name or a wording holds the words
    documents: list[tuple[Document, dict]]  # documents whose file name, path or issuer holds them


def search(session: Session, words: str, limit: int = 50) -> SearchResults:
    from shared.pivot import Scope, indicator_groups

    pattern = f"%{words}%"
    found = list(session.scalars(select(Document).where(
        (Document.filename.like(pattern)) | (Document.path.like(pattern))).order_by(Document.created_at.desc())
        .limit(limit)))
    from shared.db.models import DocumentMetadata

    by_issuer = list(session.scalars(select(Document).join(DocumentMetadata, DocumentMetadata.document_id == Document.id)
                                     .where(DocumentMetadata.issuer.like(pattern)).limit(limit)))
    documents = list({d.id: d for d in (*found, *by_issuer)}.values())[:limit]
    metadata = documents_metadata(session, documents)
    groups = indicator_groups(session, Scope(), contains=words)[:limit]
    return SearchResults(groups, [(d, metadata[d.id]) for d in documents])
