"""Queue documents for a stage, and record in the database those the broker did not take.

The one place that sends stage messages on behalf of the API and the reconciler (the pipeline queues a
document's next stage through it too). The database is the truth: a message is only a hint that work is
waiting, so a lost one is found again by the reconciler (shared.reconciler).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.orm import Session

from shared import transitions
from shared.db.models import Document
from shared.queue import app, enqueue
from shared.stages import Stage, spec

log = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, OSError)
# What publishing may raise: besides kombu's and the OS's errors, the transport's own (redis-py's ConnectionError
# is neither); here every failure to publish means "not queued", which the caller records.
PUBLISH_ERRORS = (Exception,)


def send(document_ids: Iterable[tuple[str, Stage]], broker_url: str | None = None) -> list[str]:
    """Publish one message per (document id, stage) on one broker connection; return the ids not queued."""
    document_ids = list(document_ids)
    unqueued = []
    try:
        with app.connection_for_write(url=broker_url) as connection:
            _declare(connection, {spec(stage).queue for _, stage in document_ids})
            for document_id, stage in document_ids:
                try:
                    enqueue(stage, document_id, connection=connection)
                except PUBLISH_ERRORS as exc:
                    log.error("could not queue %s for %s: %s", document_id, stage, exc)
                    unqueued.append(document_id)
    except PUBLISH_ERRORS as exc:  # the connection itself
        log.error("broker unavailable: %s", exc)
        unqueued = [document_id for document_id, _ in document_ids]
    return unqueued


def _declare(connection, queues: set[str]) -> None:
    """(Re)declare the stage queues and their bindings: after a broker lost its keys (FLUSHALL, an empty
    restart) a message published to an exchange with no binding would vanish without an error."""
    channel = connection.default_channel
    for queue in app.conf.task_queues:
        if queue.name in queues:
            queue.bind(channel).declare()


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
