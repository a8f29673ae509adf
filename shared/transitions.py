"""Every change of ``Document.status``, in one place, checked against one table of allowed transitions.

The API (uploads, actions), the pipeline and the reconciler call these functions instead of assigning the
status themselves; a transition the table does not allow raises InvalidTransition (a bug, not a user error),
except ``failed`` and ``dead`` on a document that already finished, which keep the earlier, final word.
"""

from __future__ import annotations

import logging

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session

from shared.db.models import (
    FINISHED_STATUSES,
    IN_FLIGHT_STATUSES,
    ORIGINAL_STATUSES,
    Document,
    Status,
    utcnow,
)
from shared.errors import ReportflowError
from shared.stages import Stage

log = logging.getLogger(__name__)

NEW = None  # a document row being created
_RERUNNABLE = (Status.DONE, Status.FAILED, Status.CANCELLED, Status.DEAD)
ALLOWED: dict[Status | None, frozenset[Status]] = {
    NEW: frozenset({Status.QUEUED, Status.REJECTED, Status.DUPLICATE}),
    Status.QUEUED: frozenset({Status.QUEUED, Status.PROCESSING, Status.FAILED, Status.CANCELLED, Status.DEAD}),
    Status.PROCESSING: frozenset({Status.QUEUED, Status.PROCESSING, Status.DONE, Status.FAILED, Status.CANCELLED,
                                  Status.DEAD}),
    **{status: frozenset({Status.QUEUED}) for status in _RERUNNABLE},  # reprocess, retry-failed
    Status.REJECTED: frozenset(),
    # its original's batch was deleted: the copy is processed itself (services.ingest.deletion)
    Status.DUPLICATE: frozenset({Status.QUEUED}),
}
QUEUE_FAILURE = "could not be queued for processing: broker unavailable"


class InvalidTransition(ReportflowError):
    """A document was asked to move to a status its present one does not lead to."""


def _move(document: Document, status: Status, *, stage: Stage | None, error: str | None) -> None:
    current = Status(document.status) if document.status is not None else NEW
    if status not in ALLOWED[current]:
        raise InvalidTransition(f"document {document.id}: {current} → {status} is not a transition")
    document.status, document.stage, document.error = status, stage, error
    # the claim on its content that the unique index holds: an original in flight or done, not a copy
    claims = status in ORIGINAL_STATUSES and document.duplicate_of is None
    document.original_sha256 = document.sha256 if claims else None


def sources_of(status: Status) -> frozenset[Status]:
    """The statuses the table lets a document leave for ``status``."""
    return frozenset(source for source, targets in ALLOWED.items() if source is not NEW and status in targets)


def cancel_where(session: Session, *criteria: ColumnElement[bool]) -> list[str]:
    """Cancel the documents matching ``criteria`` that the table lets become ``cancelled``; returns their ids.

    One UPDATE rather than a ``_move`` per row: reading the rows first would race a worker committing one of them,
    while the statement's own status check re-tests each row as it writes it (on PostgreSQL it re-reads a row a
    worker just committed; on SQLite writers are serialised). A cancelled document gives up its claim on the content.
    """
    return list(session.scalars(
        update(Document)
        .where(*criteria, Document.status.in_(sources_of(Status.CANCELLED)))
        .values(status=Status.CANCELLED, original_sha256=None, updated_at=utcnow())
        .returning(Document.id)
        .execution_options(synchronize_session=False)).all())


def accepted(document: Document, stage: Stage) -> None:
    """A new upload, stored, to be processed from ``stage``."""
    document.status = None
    _move(document, Status.QUEUED, stage=stage, error=None)


def rejected(document: Document, problem: str) -> None:
    document.status = None
    _move(document, Status.REJECTED, stage=None, error=problem)


def duplicate(document: Document, original_id: str, object_key: str | None) -> None:
    document.status = None
    document.duplicate_of, document.object_key = original_id, object_key
    _move(document, Status.DUPLICATE, stage=None, error=None)


def queued(document: Document, stage: Stage) -> None:
    """To be processed (again) from ``stage``: reprocess, retry-failed, or the reconciler's requeue."""
    _move(document, Status.QUEUED, stage=stage, error=None)


def orphaned(document: Document, stage: Stage) -> None:
    """A duplicate whose original was deleted: now an original itself, to be processed from ``stage``."""
    document.duplicate_of = None
    _move(document, Status.QUEUED, stage=stage, error=None)


def started(document: Document, stage: Stage) -> None:
    _move(document, Status.PROCESSING, stage=stage, error=None)


def advanced(document: Document, next_stage: Stage | None) -> None:
    """A stage finished: on to the next one (still in flight), or done after the last."""
    if next_stage is None:
        _move(document, Status.DONE, stage=None, error=None)
    else:
        _move(document, Status.PROCESSING, stage=next_stage, error=None)


def _final(document: Document, status: Status, stage: Stage | None, error: str) -> bool:
    if document.status in FINISHED_STATUSES:
        log.info("%s is already %s; not marked %s (%s)", document.id, document.status, status, error)
        return False
    _move(document, status, stage=stage, error=error)
    return True


def failed(document: Document, stage: Stage | None, error: str) -> bool:
    """The document cannot be processed; False (and nothing changed) if it had already finished."""
    return _final(document, Status.FAILED, stage, error)


def dead(document: Document, stage: Stage | None, reason: str) -> bool:
    """Lost by the queue or its workers too often: not tried again."""
    return _final(document, Status.DEAD, stage, reason)


def queue_failed(document: Document) -> bool:
    """The broker did not take the document's message."""
    return failed(document, Stage(document.stage) if document.stage else None, QUEUE_FAILURE)


def in_flight(document: Document) -> bool:
    return document.status in IN_FLIGHT_STATUSES
