"""One document: its status and stage history, and what the stages produced."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.ingest.api.deps import ReadSessionDep, SessionDep
from services.ingest.api.metadata_filters import metadata_filter
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
from shared.db.metadata import BadCorrection, MetadataFilter, correct_metadata, metadata_view
from shared.db.models import (
    METADATA_FIELDS,
    METADATA_INT_FIELDS,
    Document,
    MetricRow,
    PartRow,
    RunStatus,
    SectionRow,
    Stage,
    StageRun,
    Status,
)
from shared.db.results import load_clean_text
from shared.pivot import Scope, reports

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


class MetadataOut(BaseModel):
    document_id: str
    source_document_id: str
    metadata: dict[str, str | int | None]  # what is shown: found values with the corrections applied
    found: dict[str, str | int | None]  # found by the section stage
    corrected: dict[str, str | int | None]  # the user's corrections (kept across reprocessing)


class _MetadataPatchBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # fields to give back to what the section stage found
    reset: list[str] = Field(default_factory=list, max_length=len(METADATA_FIELDS))


# Fields to correct (null clears a found value) and fields to give back to what the section stage found: one
# optional field per metadata column (shared.db.models.METADATA_FIELDS), so the two cannot drift apart.
MetadataPatch = create_model(
    "MetadataPatch", __base__=_MetadataPatchBase,
    __doc__="Fields to correct (null clears a found value) and fields to give back to what the section stage found.",
    **{field: (int | str | None if field in METADATA_INT_FIELDS else str | None, None) for field in METADATA_FIELDS},
)


def _metadata_out(document_id: str, source_id: str, view) -> MetadataOut:
    return MetadataOut(document_id=document_id, source_document_id=source_id, metadata=view.values,
                       found=view.found, corrected=view.corrected)


@router.get("/{document_id}/metadata", response_model=MetadataOut)
def get_metadata(document_id: str, session: ReadSessionDep) -> MetadataOut:
    """Who issued the report, its level and place, year, period and type; a user's correction wins over
    what the section stage found."""
    source = _source(session, document_id, "metadata")
    return _metadata_out(document_id, source.id, metadata_view(session, source.id))


@router.patch("/{document_id}/metadata", response_model=MetadataOut)
def patch_metadata(document_id: str, patch: MetadataPatch, session: SessionDep) -> MetadataOut:
    """Correct the metadata: the fields sent are kept as corrections (reprocessing keeps them too); the fields
    named in ``reset`` go back to what the section stage found. A duplicate's correction is its original's."""
    source = _source(session, document_id, "metadata")
    changes = patch.model_dump(exclude_unset=True)
    reset = changes.pop("reset", [])
    try:
        view = correct_metadata(session, source.id, changes, reset)
    except BadCorrection as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    session.commit()
    return _metadata_out(document_id, source.id, view)


class DocumentListItem(BaseModel):
    id: str
    batch_id: str
    filename: str
    path: str | None
    status: str
    metadata: dict[str, str | int | None]


class DocumentList(BaseModel):
    total: int
    offset: int
    limit: int
    documents: list[DocumentListItem]


@router.get("", response_model=DocumentList)
def list_documents(
    session: SessionDep,
    only: Annotated[MetadataFilter, Depends(metadata_filter)],
    batch_id: Annotated[str | None, Query(max_length=36)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> DocumentList:
    """Processed reports with their metadata, filtered by level, place, year and type; in upload order."""
    found = list(reports(session, Scope(batch_id=batch_id, metadata=only)).values())
    statuses = dict(session.execute(select(Document.id, Document.status).where(
        Document.id.in_([r.document_id for r in found[offset:offset + limit]]))).all()) if found else {}
    return DocumentList(total=len(found), offset=offset, limit=limit, documents=[
        DocumentListItem(id=r.document_id, batch_id=r.batch_id, filename=r.filename, path=r.path,
                         status=statuses.get(r.document_id, "done"), metadata=r.metadata)
        for r in found[offset:offset + limit]])
