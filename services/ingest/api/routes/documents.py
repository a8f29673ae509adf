"""One document: its status and stage history, and what the stages produced."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.ingest.api.deps import ReadSessionDep
from services.ingest.api.schemas import (
    DocumentStatus,
    MetricOut,
    MetricsOut,
    PartOut,
    SectionOut,
    SectionsOut,
    StageSummary,
    TextOut,
)
from shared.db.models import Document, MetricRow, PartRow, RunStatus, SectionRow, Stage, StageRun, Status
from shared.db.results import load_clean_text

router = APIRouter(prefix="/v1/documents", tags=["documents"])


def _document(session: Session, document_id: str) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no document with id {document_id!r}")
    return document


def _source(session: Session, document_id: str, product: str) -> Document:
    """The document whose results answer for ``document_id``: itself, or the original it duplicates."""
    document = _document(session, document_id)
    if document.status == Status.DUPLICATE and document.duplicate_of:
        document = _document(session, document.duplicate_of)
    if document.status in (Status.REJECTED, Status.FAILED):
        raise HTTPException(status.HTTP_409_CONFLICT,
                            f"document {document_id} has no {product}: it {document.status} ({document.error})")
    return document


def _not_ready(document: Document, product: str) -> HTTPException:
    where = f" at stage {document.stage}" if document.stage else ""
    return HTTPException(status.HTTP_409_CONFLICT,
                         f"document {document.id} has no {product} yet (status {document.status}{where})")


def _stage_summaries(session: Session, document_id: str) -> list[StageSummary]:
    runs = session.scalars(select(StageRun).where(StageRun.document_id == document_id).order_by(StageRun.id))
    latest: dict[str, StageRun] = {}
    attempts: dict[str, int] = {}
    for run in runs:
        latest[run.stage] = run
        attempts[run.stage] = attempts.get(run.stage, 0) + 1
    order = [s.value for s in Stage]
    return [
        StageSummary(
            stage=stage, status=run.status, attempts=attempts[stage], started_at=run.started_at,
            finished_at=run.finished_at, error=run.error,
            seconds=(run.finished_at - run.started_at).total_seconds() if run.finished_at else None,
        )
        for stage, run in sorted(latest.items(), key=lambda item: order.index(item[0]))
    ]


@router.get("/{document_id}", response_model=DocumentStatus)
def get_document(document_id: str, session: ReadSessionDep) -> DocumentStatus:
    """Status, current stage, per-stage timings and attempts, and the error if it failed."""
    document = _document(session, document_id)
    return DocumentStatus.model_validate(
        {**{c: getattr(document, c) for c in DocumentStatus.model_fields if c != "stages"},
         "stages": _stage_summaries(session, document_id)})


@router.get("/{document_id}/text", response_model=TextOut)
def get_text(
    document_id: str,
    session: ReadSessionDep,
    offsets: Annotated[bool, Query(description="Also return the cleaned→raw offset map.")] = False,
) -> TextOut:
    """The cleaned text."""
    source = _source(session, document_id, "cleaned text")
    clean = load_clean_text(session, source.id)
    if clean is None:
        raise _not_ready(source, "cleaned text")
    return TextOut(document_id=document_id, source_document_id=source.id, text=clean.text,
                   offsets=list(clean.offsets) if offsets else None)


def _has_run(session: Session, document_id: str, stage: Stage) -> bool:
    return session.scalar(select(StageRun.id).where(
        StageRun.document_id == document_id, StageRun.stage == stage, StageRun.status == RunStatus.DONE).limit(1)) is not None


@router.get("/{document_id}/sections", response_model=SectionsOut)
def get_sections(document_id: str, session: ReadSessionDep) -> SectionsOut:
    """The heading tree (and the parts of a compilation), offsets into the cleaned text."""
    source = _source(session, document_id, "sections")
    if not _has_run(session, source.id, Stage.SECTION):
        raise _not_ready(source, "sections")
    sections = session.scalars(select(SectionRow).where(SectionRow.document_id == source.id)
                               .order_by(SectionRow.position))
    parts = session.scalars(select(PartRow).where(PartRow.document_id == source.id).order_by(PartRow.position))
    return SectionsOut(document_id=document_id, source_document_id=source.id,
                       sections=[SectionOut.model_validate(s) for s in sections],
                       parts=[PartOut.model_validate(p) for p in parts])


@router.get("/{document_id}/metrics", response_model=MetricsOut)
def get_metrics(
    document_id: str,
    session: ReadSessionDep,
    name: Annotated[str | None, Query(description="Only metrics with exactly this name.")] = None,
) -> MetricsOut:
    """Every quantitative indicator found, in document order; offsets into the raw document."""
    source = _source(session, document_id, "metrics")
    if not _has_run(session, source.id, Stage.EXTRACT):
        raise _not_ready(source, "metrics")
    query = select(MetricRow).where(MetricRow.document_id == source.id)
    if name is not None:
        query = query.where(MetricRow.name == name)
    metrics = session.scalars(query.order_by(MetricRow.position))
    return MetricsOut(document_id=document_id, source_document_id=source.id,
                      metrics=[MetricOut.model_validate(m) for m in metrics])
