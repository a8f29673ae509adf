"""Fixing what went wrong: reprocess one document, retry a batch's failed documents, cancel a batch."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel

from services.ingest import actions
from services.ingest.api.deps import SessionDep
from shared.db.models import Document, Stage

router = APIRouter(tags=["actions"])


class RequeuedOut(BaseModel):
    document_id: str
    from_stage: str
    status: str  # queued, or failed when the broker could not take the message


class RetriedOut(BaseModel):
    batch_id: str
    retried: list[RequeuedOut]


class CancelledOut(BaseModel):
    batch_id: str
    cancelled: list[str]  # ids of the documents that will not be processed further


def _requeued(item: actions.Requeued) -> RequeuedOut:
    return RequeuedOut(document_id=item.document_id, from_stage=item.from_stage, status=item.status)


def _translated(exc: Exception) -> HTTPException:
    if isinstance(exc, actions.NotFound):
        return HTTPException(status.HTTP_404_NOT_FOUND, str(exc))
    return HTTPException(status.HTTP_409_CONFLICT, str(exc))


@router.post("/v1/documents/{document_id}/reprocess", status_code=status.HTTP_202_ACCEPTED,
             response_model=RequeuedOut)
def reprocess(
    document_id: str,
    session: SessionDep,
    from_stage: Annotated[Stage, Query(description="First stage to run again; earlier outputs are kept.")]
    = Stage.CLEAN,
) -> RequeuedOut:
    """Process a finished, failed or cancelled document again, from the start or from a given stage."""
    try:
        return _requeued(actions.reprocess_document(session, document_id, from_stage))
    except (actions.NotFound, actions.ActionRefused) as exc:
        raise _translated(exc) from exc


@router.post("/v1/batches/{batch_id}/retry-failed", status_code=status.HTTP_202_ACCEPTED,
             response_model=RetriedOut)
def retry_failed(batch_id: str, session: SessionDep) -> RetriedOut:
    """Queue every failed document of the batch again, from the stage where it failed."""
    try:
        retried = actions.retry_failed(session, batch_id)
    except actions.NotFound as exc:
        raise _translated(exc) from exc
    return RetriedOut(batch_id=batch_id, retried=[_requeued(item) for item in retried])


@router.post("/v1/documents/{document_id}/cancel", response_model=CancelledOut)
def cancel_document(document_id: str, session: SessionDep) -> CancelledOut:
    """Stop one queued or processing document (409 when it has already finished)."""
    try:
        actions.cancel_document(session, document_id)
    except (actions.NotFound, actions.ActionRefused) as exc:
        raise _translated(exc) from exc
    document = session.get(Document, document_id)
    return CancelledOut(batch_id=document.batch_id, cancelled=[document_id])


@router.post("/v1/batches/{batch_id}/cancel", response_model=CancelledOut)
def cancel(batch_id: str, session: SessionDep) -> CancelledOut:
    """Stop the batch: queued documents are not processed, running ones stop at their next stage."""
    try:
        return CancelledOut(batch_id=batch_id, cancelled=actions.cancel_batch(session, batch_id))
    except actions.NotFound as exc:
        raise _translated(exc) from exc
