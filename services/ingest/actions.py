"""Fixing what went wrong: reprocess a document (from a stage), retry a batch's failures, cancel a batch.

Cancelling needs no task ids: enqueue() does not keep the ids of the messages it sends, and the pipeline
checks the document's status under a row lock before starting every stage (shared.pipeline._start), so a
queued message of a cancelled document — in Redis, prefetched by a worker, or waiting for a retry — becomes a
no-op when it is delivered, and a running document stops at its next stage boundary. A revoke by task id would
only reach the workers alive at that moment; the status check also holds for workers started later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import stages, transitions
from shared.db.models import (
    IN_FLIGHT_STATUSES,
    Batch,
    CleanedText,
    Document,
    RunStatus,
    Stage,
    StageRun,
    Status,
)
from shared.db.results import delete_results
from shared.dispatch import queue_documents

log = logging.getLogger(__name__)

IN_FLIGHT = IN_FLIGHT_STATUSES


class ActionRefused(Exception):
    """The action does not apply to the document or batch in its present state (HTTP 409)."""


class NotFound(LookupError):
    """No such document or batch (HTTP 404)."""


@dataclass(frozen=True)
class Requeued:
    document_id: str
    from_stage: Stage
    status: str  # queued, or failed when the broker could not take the message


def reprocess_document(session: Session, document_id: str, from_stage: Stage = Stage.CLEAN) -> Requeued:
    """Run the pipeline again for one document from ``from_stage``; earlier stages' outputs are kept."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document with id {document_id!r}")
    _check_reprocessable(session, document, from_stage)
    _reset(session, document, from_stage)
    session.commit()
    queue_documents(session, [document])
    return Requeued(document.id, from_stage, document.status)


def retry_failed(session: Session, batch_id: str) -> list[Requeued]:
    """Reprocess every failed document of a batch from the stage it failed at (or from the start when an
    earlier stage's output is missing)."""
    _batch(session, batch_id)
    failed = session.scalars(select(Document).where(Document.batch_id == batch_id,
                                                         Document.status.in_((Status.FAILED, Status.DEAD)))
                             .order_by(Document.created_at, Document.id)).all()
    plans = []
    for document in failed:
        stage = Stage(document.stage) if document.stage in stages.STAGE_NAMES else stages.FIRST_STAGE
        if _missing_input(session, document, stage):
            stage = stages.FIRST_STAGE
        _reset(session, document, stage)
        plans.append((document, stage))
    session.commit()
    queue_documents(session, [document for document, _ in plans])
    return [Requeued(document.id, stage, document.status) for document, stage in plans]


def cancel_batch(session: Session, batch_id: str) -> list[str]:
    """Mark the batch's queued and processing documents ``cancelled``; returns their ids.

    Documents that finish in the meantime keep their status: the transition only touches rows still in flight.
    """
    _batch(session, batch_id)
    cancelled = transitions.cancel_where(session, Document.batch_id == batch_id)
    session.commit()
    log.info("batch %s: %d documents cancelled", batch_id, len(cancelled))
    return list(cancelled)


def cancel_document(session: Session, document_id: str) -> str:
    """Mark one queued or processing document ``cancelled`` (as cancel_batch does for a batch)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document with id {document_id!r}")
    cancelled = transitions.cancel_where(session, Document.id == document_id)
    session.commit()
    if not cancelled:
        raise ActionRefused(f"document {document_id} is {document.status}: only a queued or processing "
                            "document can be cancelled")
    return document_id


def _batch(session: Session, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"no batch with id {batch_id!r}")
    return batch


def _check_reprocessable(session: Session, document: Document, from_stage: Stage) -> None:
    if document.status in IN_FLIGHT:
        raise ActionRefused(f"document {document.id} is {document.status}: wait for it to finish or cancel "
                            "its batch first")
    if document.status == Status.REJECTED:
        raise ActionRefused(f"document {document.id} was rejected ({document.error}): there is nothing to process")
    if document.status == Status.DUPLICATE:
        raise ActionRefused(f"document {document.id} is a duplicate of {document.duplicate_of}: "
                            "reprocess that document instead")
    missing = _missing_input(session, document, from_stage)
    if missing is not None:
        raise ActionRefused(f"document {document.id} cannot be reprocessed from {from_stage}: "
                            f"the {missing} stage has no output; reprocess from {missing}")


def _missing_input(session: Session, document: Document, from_stage: Stage) -> Stage | None:
    """The first earlier stage whose latest run did not finish, if any."""
    for stage in stages.before(from_stage):
        latest = session.scalars(select(StageRun.status).where(
            StageRun.document_id == document.id, StageRun.stage == stage)
            .order_by(StageRun.id.desc()).limit(1)).first()
        if latest != RunStatus.DONE:
            return stage
    if from_stage != stages.FIRST_STAGE and session.get(CleanedText, document.id) is None:
        return stages.FIRST_STAGE
    return None


def _reset(session: Session, document: Document, from_stage: Stage) -> None:
    """Forget the outputs of ``from_stage`` and later ones (so new rows replace, never add to, old ones)."""
    delete_results(session, document.id, from_stage)
    if document.original_sha256 is None and document.duplicate_of is None:
        # a failed original gave up its claim; a later upload of the same bytes may hold it now
        holder = session.scalar(select(Document.id).where(Document.original_sha256 == document.sha256,
                                                          Document.id != document.id))
        document.duplicate_of = holder
    transitions.queued(document, from_stage)
