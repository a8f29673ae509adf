"""Delete a batch: its documents, their results and stage runs, and the stored files no one else holds.

Stored files are content-addressed (services.ingest.uploads.object_key), so one object can belong to documents
of several batches (a duplicate points to its original's object, a reprocessed upload shares it): an object is
removed only when no remaining document references it. A document of another batch that was a duplicate of
one deleted here loses the rows it showed: the first such copy of each content is queued to be processed
itself, and the other copies become its duplicates.

The rows go first (one transaction), the objects after: a store failure then leaves an unreferenced object
behind (logged), never a document whose file is gone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from services.ingest.actions import ActionRefused, NotFound
from shared import transitions
from shared.db.models import IN_FLIGHT_STATUSES, Batch, Document, RunStatus, StageRun, Status
from shared.db.results import delete_results
from shared.dispatch import queue_documents
from shared.errors import StorageError
from shared.stages import FIRST_STAGE
from shared.storage import Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deleted:
    batch_id: str
    documents: int
    objects: int  # stored files removed (those no other document references)
    requeued: list[str]  # duplicates elsewhere whose original was deleted, now processed themselves


def delete_batch(session: Session, storage: Storage, batch_id: str) -> Deleted:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"no batch with id {batch_id!r}")
    documents = session.scalars(select(Document).where(Document.batch_id == batch_id)).all()
    ids = [d.id for d in documents]
    _refuse_while_processing(session, batch_id, documents)
    orphans = session.scalars(select(Document).where(Document.duplicate_of.in_(ids), Document.batch_id != batch_id,
                                                      Document.status == Status.DUPLICATE)
                              .order_by(Document.created_at, Document.id)).all() if ids else []
    keys = {d.object_key for d in documents if d.object_key}
    for document_id in ids:
        delete_results(session, document_id)
    if ids:
        session.execute(delete(StageRun).where(StageRun.document_id.in_(ids)))
        # copies inside the batch point to originals inside it: unlink them before the rows go
        session.query(Document).filter(Document.id.in_(ids)).update({Document.duplicate_of: None},
                                                                   synchronize_session=False)
        session.execute(delete(Document).where(Document.id.in_(ids)))
    session.delete(batch)
    session.flush()
    requeued = _adopt(orphans)
    session.commit()
    queue_documents(session, requeued)
    removed = _remove_unreferenced(session, storage, keys)
    log.info("batch %s deleted: %d documents, %d stored files", batch_id, len(ids), removed)
    return Deleted(batch_id, len(ids), removed, [d.id for d in requeued])


def _refuse_while_processing(session: Session, batch_id: str, documents: list[Document]) -> None:
    in_flight = sum(1 for d in documents if d.status in IN_FLIGHT_STATUSES)
    if in_flight:
        raise ActionRefused(f"batch {batch_id} has {in_flight} documents queued or processing: "
                            "cancel it first, or wait for it to finish")
    running = session.scalar(select(func.count()).select_from(StageRun).join(Document, Document.id == StageRun.document_id)
                             .where(Document.batch_id == batch_id, StageRun.status == RunStatus.RUNNING))
    if running:
        raise ActionRefused(f"batch {batch_id} was cancelled but {running} of its stages are still running: "
                            "they stop at their next stage; try again in a moment")


def _adopt(orphans: list[Document]) -> list[Document]:
    """The first orphaned copy of each content becomes its original and is queued; the others point to it."""
    originals: dict[str, Document] = {}
    for document in orphans:
        original = originals.get(document.sha256)
        if original is None:
            transitions.orphaned(document, FIRST_STAGE)
            originals[document.sha256] = document
        else:
            document.duplicate_of = original.id
    return list(originals.values())


def _remove_unreferenced(session: Session, storage: Storage, keys: set[str]) -> int:
    if not keys:
        return 0
    still_used = set(session.scalars(select(Document.object_key).where(Document.object_key.in_(keys))))
    removed = 0
    for key in sorted(keys - still_used):
        try:
            storage.delete(key)
            removed += 1
        except StorageError as exc:
            log.warning("could not delete stored object %s of a deleted batch: %s", key, exc)
    return removed
