"""Queue documents for a stage, and record in the database those the broker did not take.

The one place that sends stage messages on behalf of the API and the reconciler (the pipeline queues a
document's next stage through it too). The database is the truth: a message is only a hint that work is
waiting, so a lost one is found again by the reconciler (shared.reconciler).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Sequence

from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.orm import Session

from shared import transitions
from shared.db.models import Document
from shared.queue import app, enqueue
from shared.settings import Settings, get_settings
from shared.stages import Stage

log = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, OSError)
# What publishing may raise: besides kombu's and the OS's errors, the transport's own (redis-py's ConnectionError
# is neither); here every failure to publish means "not queued", which the caller records.
PUBLISH_ERRORS = (Exception,)


Message = tuple[Stage, Sequence[str]]  # one stage message: the stage, and the documents its task runs in turn


def send(document_ids: Iterable[tuple[str, Stage]], broker_url: str | None = None) -> list[str]:
    """Publish one message per (document id, stage); return the ids not queued (see ``publish``)."""
    return publish([(stage, [document_id]) for document_id, stage in document_ids], broker_url)


def publish(messages: Iterable[Message], broker_url: str | None = None) -> list[str]:
    """Publish the messages on one pooled broker connection; return the ids of the documents not queued.

    The messages go out together (one pipelined round trip to Redis for a whole upload); when that fails none
    counts as queued: a document failed for it whose message did arrive is skipped by its worker (not in
    flight), and can be retried."""
    messages = [(stage, list(ids)) for stage, ids in messages if ids]
    if not messages:
        return []
    unqueued: list[str] = []
    every_id = [document_id for _, ids in messages for document_id in ids]
    pool = _pool(broker_url or app.conf.broker_url)
    try:
        connection = pool.acquire(block=True, timeout=POOL_WAIT_SECONDS)
    except PUBLISH_ERRORS as exc:
        log.error("no broker connection free: %s", exc)
        return every_id
    try:
        connection.connect()  # when not connected yet: a broker that is down fails the whole call at once
        producer = app.amqp.Producer(connection, auto_declare=False)
        with producer.batch(max_size=2 * len(messages)):  # flushed once, at the end of the block
            for stage, ids in messages:
                try:
                    enqueue(stage, *ids, producer=producer)
                except PUBLISH_ERRORS as exc:
                    log.error("could not queue %s for %s: %s", ids, stage, exc)
                    unqueued += ids
    except PUBLISH_ERRORS as exc:  # the connection itself, or the batch's one round trip
        log.error("broker unavailable: %s", exc)
        unqueued = every_id
    finally:
        if unqueued:  # whatever went wrong, the next call starts from a fresh connection
            connection.collect()
        connection.release()
    return unqueued


def batches(documents: Iterable[Document], settings: Settings | None = None) -> list[Message]:
    """The documents in messages of one stage each: small ones together, up to STAGE_BATCH_SIZE documents and
    STAGE_BATCH_BYTES of stored files per message, a larger one alone.

    A message's documents run one after the other in one task (shared.pipeline.run_stage), which saves a
    task's fixed costs (the broker round trips, the worker's bookkeeping, two transactions per stage) on each
    but the first; kept small, a batch still finishes well within one task's time limit. Scans never share a
    message: OCR (shared.stages) takes each on its own."""
    settings = settings or get_settings()
    by_stage: dict[Stage, list[Document]] = {}
    for document in documents:
        by_stage.setdefault(Stage(document.stage), []).append(document)
    messages: list[Message] = []
    for stage, group in by_stage.items():
        ids, total = [], 0
        for document in group:
            size = document.size or 0
            if stage == Stage.OCR or size > settings.STAGE_BATCH_BYTES // 2:
                messages.append((stage, [document.id]))
                continue
            if ids and (len(ids) == settings.STAGE_BATCH_SIZE or total + size > settings.STAGE_BATCH_BYTES):
                messages.append((stage, ids))
                ids, total = [], 0
            ids.append(document.id)
            total += size
        if ids:
            messages.append((stage, ids))
    return messages


# Messages go to the stage queue's own list (Celery publishes a direct exchange's message through the default
# exchange, routing key = queue name: shared.queue), so a broker that lost its keys (FLUSHALL, an empty restart)
# loses no later message for want of a binding, and nothing has to be declared again on every send.
POOL_LIMIT = 8  # connections per process and broker: the API's request threads share them
POOL_WAIT_SECONDS = 10.0
_pools: dict[str, object] = {}
_pools_lock = threading.Lock()


def _pool(url: str):
    """This process's pool of connections to the broker at ``url`` (opening one costs several ms each time)."""
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            pool = _pools[url] = app.connection_for_write(url=url).Pool(limit=POOL_LIMIT)
        return pool


def _forget_inherited_pools() -> None:
    # a forked process (a Celery pool child) must not use its parent's sockets
    global _pools_lock
    _pools.clear()
    _pools_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_inherited_pools)


def queue_documents(session: Session, documents: list[Document], broker_url: str | None = None) -> list[Document]:
    """Queue each document for its ``stage`` (committed before), then mark those the broker refused failed and
    commit; returns those."""
    documents = list(documents)
    unqueued = set(publish(batches(documents), broker_url))
    refused = [d for d in documents if d.id in unqueued]
    for document in refused:
        transitions.queue_failed(document)
    if refused:
        session.commit()
    return refused
