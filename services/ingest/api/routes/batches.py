"""Upload a batch of reports; follow its progress."""

from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, UploadFile, status
from sqlalchemy import func, literal, select, tuple_

from services.ingest.api.cursors import Key, decode
from services.ingest.api.deps import ReadSessionDep, SessionDep, SettingsDep, StorageDep
from services.ingest.api.schemas import BatchAccepted, BatchDocument, BatchStatus, DocumentBrief
from services.ingest.uploads import BatchIntake, Upload, safe_content_type, safe_filename
from shared.db.models import FINISHED_STATUSES, Batch, Document

router = APIRouter(prefix="/v1/batches", tags=["batches"])


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=BatchAccepted)
def upload_batch(
    files: Annotated[list[UploadFile], File(description="One or more report files (.txt .docx .doc .wps .pdf .html, or .zip).")],
    session: SessionDep,
    storage: StorageDep,
    settings: SettingsDep,
    reprocess: Annotated[bool, Query(description="Process files even if identical bytes were seen before.")] = False,
) -> BatchAccepted:
    """Store every file and queue its processing. Duplicates, oversized and unsupported files are recorded
    with their reason, and the other files go on."""
    uploads = [Upload(safe_filename(f.filename, i), f.file, safe_content_type(f.content_type)) for i, f in enumerate(files)]
    batch, documents = BatchIntake(session, storage, settings.BROKER_URL, settings.MAX_UPLOAD_BYTES, reprocess).accept(uploads)
    return BatchAccepted(batch_id=batch.id, documents=[DocumentBrief.model_validate(d) for d in documents])


@router.get("/{batch_id}", response_model=BatchStatus)
def get_batch(
    batch_id: str,
    session: ReadSessionDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Skip this many documents (slower when "
                                                                     "large; prefer `after`).")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: Annotated[str | None, Query(max_length=512, description="The `next` of the page before.")] = None,
) -> BatchStatus:
    """Counts per status, progress (finished / total) and one page of the batch's documents, in upload order.
    Page with ``after=<next>`` (a keyset page: the same cost at any depth) or, as before, ``offset``."""
    if after is not None and offset:
        raise HTTPException(422, "give either offset or after, not both")
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no batch with id {batch_id!r}")
    counts = dict(session.execute(
        select(Document.status, func.count()).where(Document.batch_id == batch_id).group_by(Document.status)).all())
    total = sum(counts.values())
    finished = sum(n for s, n in counts.items() if s in FINISHED_STATUSES)
    query = select(Document).where(Document.batch_id == batch_id)
    if after is not None:
        start = decode(after)
        query = query.where(tuple_(Document.created_at, Document.id) > tuple_(
            literal(start.created_at, Document.created_at.type), literal(start.document_id, Document.id.type)))
    page = list(session.scalars(query.order_by(Document.created_at, Document.id).offset(offset).limit(limit + 1)))
    last = page[limit - 1] if len(page) > limit else None
    return BatchStatus(
        id=batch.id, created_at=batch.created_at, total=total, counts=counts,
        progress=finished / total if total else 1.0, offset=offset, limit=limit,
        documents=[BatchDocument.model_validate(d) for d in page[:limit]],
        next=Key(last.created_at, last.id).encode() if last else None,
    )
