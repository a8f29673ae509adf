"""Upload a named batch of reports; list the batches; follow one's progress; delete one."""

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile, status
from sqlalchemy import func, literal, select, tuple_

from services.ingest import actions
from services.ingest.api.cursors import Key, decode, refuse_deep_offset
from services.ingest.api.deps import ReadSessionDep, SessionDep, SettingsDep, StorageDep
from services.ingest.api.schemas import (
    BatchAccepted,
    BatchDeleted,
    BatchDocument,
    BatchPage,
    BatchStatus,
    BatchSummary,
    DocumentBrief,
)
from services.ingest.deletion import delete_batch
from services.ingest.uploads import BatchIntake, Upload, safe_content_type, safe_filename, safe_path
from shared.db.models import BATCH_NAME_LENGTH, FINISHED_STATUSES, Batch, Document

router = APIRouter(prefix="/v1/batches", tags=["batches"])


def batch_name(name: str | None) -> str | None:
    """The name as given, trimmed; blank means none."""
    return (name or "").strip() or None


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=BatchAccepted)
def upload_batch(
    files: Annotated[list[UploadFile], File(description="One or more report files (.txt .docx .doc .wps .pdf .html, or .zip).")],
    session: SessionDep,
    storage: StorageDep,
    settings: SettingsDep,
    name: Annotated[str | None, Form(max_length=BATCH_NAME_LENGTH,
                                     description="The batch's name (\"2023 乡镇总结\"), shown in listings.")] = None,
    reprocess: Annotated[bool, Query(description="Process files even if identical bytes were seen before.")] = False,
) -> BatchAccepted:
    """Store every file and queue its processing. Duplicates, oversized and unsupported files are recorded
    with their reason, and the other files go on."""
    uploads = [Upload(safe_filename(f.filename, i), f.file, safe_content_type(f.content_type),
                      path=safe_path(f.filename)) for i, f in enumerate(files)]
    intake = BatchIntake(session, storage, settings.BROKER_URL, settings.MAX_UPLOAD_BYTES, reprocess)
    batch, documents = intake.accept(uploads, batch_name(name))
    return BatchAccepted(batch_id=batch.id, name=batch.name,
                         documents=[DocumentBrief.model_validate(d) for d in documents])


def _counts(session: SessionDep, batch_ids: list[str]) -> dict[str, dict[str, int]]:
    """batch id → documents per status, in one grouped query."""
    counts: dict[str, dict[str, int]] = {batch_id: {} for batch_id in batch_ids}
    if batch_ids:
        rows = session.execute(select(Document.batch_id, Document.status, func.count())
                               .where(Document.batch_id.in_(batch_ids))
                               .group_by(Document.batch_id, Document.status))
        for batch_id, document_status, n in rows:
            counts[batch_id][document_status] = n
    return counts


def _summary(batch: Batch, counts: dict[str, int]) -> dict:
    total = sum(counts.values())
    finished = sum(n for s, n in counts.items() if s in FINISHED_STATUSES)
    return {"id": batch.id, "name": batch.name, "created_at": batch.created_at, "total": total, "counts": counts,
            "progress": finished / total if total else 1.0}


@router.get("", response_model=BatchPage)
def list_batches(
    session: SessionDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> BatchPage:
    """One page of batches, newest first, each with its name, counts per status and progress."""
    total = session.scalar(select(func.count()).select_from(Batch))
    batches = session.scalars(select(Batch).order_by(Batch.created_at.desc(), Batch.id.desc())
                              .offset(offset).limit(limit)).all()
    counts = _counts(session, [b.id for b in batches])
    return BatchPage(total=total, offset=offset, limit=limit,
                     batches=[BatchSummary(**_summary(b, counts[b.id])) for b in batches])


@router.get("/{batch_id}", response_model=BatchStatus)
def get_batch(
    batch_id: str,
    session: ReadSessionDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Skip this many documents (at most "
                                                                     "MAX_OFFSET; prefer `after`).")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: Annotated[str | None, Query(max_length=512, description="The `next` of the page before.")] = None,
) -> BatchStatus:
    """Counts per status, progress (finished / total) and one page of the batch's documents, in upload order.
    Page with ``after=<next>`` (a keyset page: the same cost at any depth) or, as before, ``offset``."""
    if after is not None and offset:
        raise HTTPException(422, "give either offset or after, not both")
    refuse_deep_offset(offset)
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no batch with id {batch_id!r}")
    counts = _counts(session, [batch_id])[batch_id]
    query = select(Document).where(Document.batch_id == batch_id)
    if after is not None:
        start = decode(after)
        query = query.where(tuple_(Document.created_at, Document.id) > tuple_(
            literal(start.created_at, Document.created_at.type), literal(start.document_id, Document.id.type)))
    page = list(session.scalars(query.order_by(Document.created_at, Document.id).offset(offset).limit(limit + 1)))
    last = page[limit - 1] if len(page) > limit else None
    return BatchStatus(**_summary(batch, counts), offset=offset, limit=limit,
                       documents=[BatchDocument.model_validate(d) for d in page[:limit]],
                       next=Key(last.created_at, last.id).encode() if last else None)


@router.delete("/{batch_id}", response_model=BatchDeleted)
def remove_batch(batch_id: str, session: SessionDep, storage: StorageDep) -> BatchDeleted:
    """Delete the batch, its documents and their results, and each stored file no other document references.
    Refused (409) while any of its documents is queued or processing: cancel it first."""
    try:
        deleted = delete_batch(session, storage, batch_id)
    except actions.NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except actions.ActionRefused as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return BatchDeleted(batch_id=deleted.batch_id, documents=deleted.documents, objects=deleted.objects,
                        requeued=deleted.requeued)
