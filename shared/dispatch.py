"""Queue documents for a stage, and record in the database those the broker did not take.

The one place that sends stage messages on behalf of the API and the reconciler (the pipeline queues a
document's next stage through it too). The database is the truth: a message is only a hint that work is
waiting, so a lost one is found again by the reconciler (shared.reconciler).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable

from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.orm import Session

from shared import transitions
from shared.db.models import Document
from shared.queue import app, enqueue
from shared.stages import Stage

log = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, OSError)
# What publishing may raise: besides kombu's and the OS's errors, the transport's own (redis-py's ConnectionError
# is neither); here every failure to publish means "not queued", which the caller records.
PUBLISH_ERRORS = (Exception,)


def send(document_ids: Iterable[tuple[str, Stage]], broker_url: str | None = None) -> list[str]:
    """Publish one message per (document id, stage) on one pooled broker connection; return the ids not queued.

    The messages go out together (one pipelined round trip to Redis for a whole upload); when that fails none
    counts as queued: a document failed for it whose message did arrive is skipped by its worker (not in
    flight), and can be retried."""
    document_ids = list(document_ids)
    if not document_ids:
        return []
    unqueued = []
    pool = _pool(broker_url or app.conf.broker_url)
    try:
        connection = pool.acquire(block=True, timeout=POOL_WAIT_SECONDS)
    except PUBLISH_ERRORS as exc:
        log.error("no broker connection free: %s", exc)
        return [document_id for document_id, _ in document_ids]
    try:
        connection.connect()  # when not connected yet: a broker that is down fails the whole call at once
        producer = app.amqp.Producer(connection, auto_declare=False)
        with producer.batch(max_size=2 * len(document_ids)):  # flushed once, at the end of the block
            for document_id, stage in document_ids:
                try:
                    enqueue(stage, document_id, producer=producer)
                except PUBLISH_ERRORS as exc:
                    log.error("could not queue %s for %s: %s", document_id, stage, exc)
                    unqueued.append(document_id)
    except PUBLISH_ERRORS as exc:  # the connection itself, or the batch's one round trip
        log.error("broker unavailable: %s", exc)
        unqueued = [document_id for document_id, _ in document_ids]
    finally:
        if unqueued:  # whatever went wrong, the next call starts from a fresh connection
            connection.collect()
        connection.release()
    return unqueued


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
    unqueued = set(send([(d.id, Stage(d.stage)) for d in documents], broker_url))
    refused = [d for d in documents if d.id in unqueued]
    for document in refused:
        transitions.queue_failed(document)
    if refused:
        session.commit()
    return refused
