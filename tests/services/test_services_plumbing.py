"""The per-document plumbing with real servers: messages on pooled broker connections, objects stored side by
side, SQLite sessions that do not wait for the write lock when they only read."""

from __future__ import annotations

import io
import secrets
import sqlite3

import pytest
import redis
from sqlalchemy import make_url, select, text

from shared.db.models import Document
from shared.db.session import session_scope
from shared.dispatch import send
from shared.embedded import free_port
from shared.stages import Stage
from shared.storage import PutRequest, Storage

# this file's own broker database: no worker consumes from it
BROKER_DB = 4


@pytest.fixture
def broker(service_env) -> str:
    url = service_env["REPORTFLOW_BROKER_URL"].rsplit("/", 1)[0] + f"/{BROKER_DB}"
    redis.Redis.from_url(url).flushdb()
    return url


# --- where it came from: a broker that lost every key (FLUSHALL) between two sends on one pooled connection ---

def test_messages_sent_after_the_broker_lost_its_keys_reach_their_queues(broker):
    client = redis.Redis.from_url(broker)
    assert send([("first", Stage.CLEAN)], broker) == []
    client.flushdb()  # the bindings kombu declared on this (pooled) connection are gone too
    ids = [f"doc-{i}" for i in range(100)]
    assert send([(i, Stage.SECTION) for i in ids] + [("last", Stage.EXTRACT)], broker) == []
    assert (client.llen("clean"), client.llen("section"), client.llen("extract")) == (0, 100, 1)


def test_a_broker_that_is_down_leaves_every_document_of_the_call_unqueued(service_env):
    ids = [f"doc-{i}" for i in range(5)]
    assert send([(i, Stage.CLEAN) for i in ids], f"redis://127.0.0.1:{free_port()}/0") == ids


# --- where it came from: a 100-file request stored its files one after another, each after a HEAD ---

def test_put_many_stores_every_object_and_rewrites_one_already_there(service_env):
    storage = Storage.from_settings()
    objects = {f"test/plumbing/{secrets.token_hex(4)}-{i}": f"report {i}".encode() * (i + 1) for i in range(12)}
    storage.put_many([PutRequest(key, io.BytesIO(data), len(data)) for key, data in objects.items()])
    key, data = next(iter(objects.items()))
    storage.put_many([PutRequest(key, io.BytesIO(data), len(data))])  # the same bytes again: no error
    assert {key: storage.get(key) for key in objects} == objects


def test_put_many_raises_the_failure_of_an_unreachable_store(service_env):
    from shared.errors import StorageUnavailable

    storage = Storage(f"127.0.0.1:{free_port()}", "reportflow", "secret", "nowhere")
    storage._bucket_ready = True  # straight to the puts
    with pytest.raises(StorageUnavailable):
        storage.put_many([PutRequest(f"k{i}", io.BytesIO(b"x"), 1) for i in range(3)])


# --- where it came from: every SQLite session began BEGIN IMMEDIATE, so reads queued behind the writers -----

def _sqlite_path(database_url: str) -> str:
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite only")
    return make_url(database_url).database


def test_a_read_only_session_reads_while_another_process_holds_the_write_lock(service_env):
    path = _sqlite_path(service_env["REPORTFLOW_DATABASE_URL"])
    writer = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")  # held like a worker saving a large output
        with session_scope(read_only=True) as session:  # would wait for the lock (and fail) if it began IMMEDIATE
            session.scalars(select(Document.id).limit(1)).all()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_sqlite_runs_in_wal_with_normal_sync(service_env):
    _sqlite_path(service_env["REPORTFLOW_DATABASE_URL"])
    with session_scope(read_only=True) as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


# --- where it came from: prefetching a second message per pool process was tried (shared.queue) ---------------

def test_a_delivered_message_is_trusted_only_as_long_as_prefetching_needs():
    from datetime import timedelta

    from shared import broker as broker_view
    from shared import reconciler
    from shared.db.models import utcnow
    from shared.queue import PREFETCH_MULTIPLIER, celery_config
    from shared.settings import Settings

    settings = Settings(TASK_TIME_LIMIT=300)
    assert celery_config()["worker_prefetch_multiplier"] == PREFETCH_MULTIPLIER == 1
    # one message per process: nothing waits behind a running stage, so a killed worker's delivered message is
    # taken for lost after the plain trust, not after a whole time limit more
    trust = reconciler.delivered_trust(settings)
    assert trust == reconciler.DELIVERED_TRUST_SECONDS
    now = utcnow()
    document = Document(id="waiting", stage="clean", status="queued", updated_at=now - timedelta(hours=1))

    def lost_after(seconds: float) -> str | None:
        view = broker_view.BrokerView(delivered={("waiting", "clean"): seconds})
        return reconciler._lost(document, [], view, now, settings.RECONCILE_GRACE, trust)

    assert lost_after(trust - 1) is None
    assert "lost by the broker" in lost_after(trust + 1)
