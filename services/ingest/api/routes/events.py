"""Live status of a batch as Server-Sent Events.

Why polling the SQL store rather than Redis pub/sub: the store is where every status change is written —
by the workers (shared.pipeline), by uploads and by the fix-up actions — so nothing needs to remember to
publish, and a message lost while nobody listens (an API restart, a worker killed between commit and publish)
cannot make a client miss a change. A client that reconnects gets the truth, not a replay. The cost per
connection is two small indexed queries a second: the grouped counts, and the batch's documents updated since
the previous tick (with a look-back, because a worker's row carries the time of its write, not of its
commit).

Events: ``document`` (id, filename, status, stage, error) whenever a document changes; ``progress`` (total,
counts per status, progress 0–1, documents past each stage) whenever it changes; ``final`` (the same as
progress) once every document is finished, after which the stream ends. Each event's id is the poll time in
milliseconds: a client reconnecting with Last-Event-ID gets every document changed since then, the progress,
and the final event if the batch is complete.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, status
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from services.ingest.api.deps import SettingsDep
from services.ingest.progress import BatchProgress, batch_documents, batch_progress, document_state
from shared.db.models import Batch, utcnow
from shared.db.session import get_sessionmaker

router = APIRouter(prefix="/v1/batches", tags=["batches"])

POLL_SECONDS = 1.0
# A worker's row carries the time of its flush; its commit follows within a stage's short save transaction.
LOOKBACK = timedelta(seconds=10)
RECONNECT_MS = 2000


def existing_batch(batch_id: str, settings: SettingsDep) -> str:
    with get_sessionmaker(settings.DATABASE_URL)() as session:
        if session.get(Batch, batch_id) is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no batch with id {batch_id!r}")
    return batch_id


def _event_time(last_event_id: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(last_event_id) / 1000, UTC) if last_event_id else None
    except (ValueError, OverflowError, OSError):
        return None  # not one of ours: start from a full snapshot


def _read(database_url: str, batch_id: str, since: datetime | None) -> tuple[list[dict], BatchProgress]:
    with get_sessionmaker(database_url)() as session:
        documents = [document_state(d) for d in batch_documents(session, batch_id, since)]
        return documents, batch_progress(session, batch_id)


@router.get("/{batch_id}/events", response_class=EventSourceResponse)
async def batch_events(
    batch_id: Annotated[str, Depends(existing_batch)],
    settings: SettingsDep,
    last_event_id: Annotated[str | None, Header(description="Resume after this event id.")] = None,
) -> AsyncIterator[ServerSentEvent]:
    """Stream the batch's document changes and progress until every document is finished."""
    since = _event_time(last_event_id)
    since = since - LOOKBACK if since else None
    sent_documents: dict[str, dict] = {}
    sent_progress: dict | None = None
    first = True
    while True:
        tick = utcnow()
        documents, progress = await run_in_threadpool(_read, settings.DATABASE_URL, batch_id, since)
        event_id = str(int(tick.timestamp() * 1000))
        for document in documents:
            if sent_documents.get(document["id"]) != document:
                sent_documents[document["id"]] = document
                yield ServerSentEvent(event="document", data=document, id=event_id,
                                      retry=RECONNECT_MS if first else None)
                first = False
        summary = progress.to_json()
        if summary != sent_progress:
            sent_progress = summary
            yield ServerSentEvent(event="progress", data=summary, id=event_id, retry=RECONNECT_MS if first else None)
            first = False
        if progress.complete:
            yield ServerSentEvent(event="final", data=summary, id=event_id)
            return
        since = tick - LOOKBACK
        await asyncio.sleep(POLL_SECONDS)
