"""Fault tests of the reconciler with real servers: a broker that loses every message (FLUSHALL) and a worker
killed with -9 in the middle of a stage. The database is the truth: every document still finishes.

Each test runs its own system — its own SQLite database, its own Redis database number, three real Celery
workers with a 2-second lease — so that the reconciler (run here, in-process, one pass a second) sees only its
documents. Figures are printed (``-s``) for the issue's closing note.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient
from fault_system import (
    LEASE,
    System,
    api_app,
    distinct_reports,
    duplicate_metric_rows,
    run_system,
    throwaway_database,
    wait_finished,
)
from services_testkit import upload
from sqlalchemy import select

from shared import reconciler
from shared.db.models import Document, Stage, StageRun, as_utc, utcnow
from shared.db.session import session_scope
from shared.stages import QUEUES


@pytest.fixture(params=["sqlite", "postgresql"])
def system(request, redis_url, s3, tmp_path) -> Iterator[System]:
    with throwaway_database(request.param, tmp_path) as database_url:
        yield from run_system(database_url, redis_url, s3, tmp_path)


def test_every_document_finishes_after_the_broker_loses_every_message(system):
    for queue in QUEUES:
        system.start_worker(queue)
    url = system.settings.DATABASE_URL
    with TestClient(api_app(system.settings)) as client:
        accepted = upload(client, distinct_reports(40))
        redis.Redis.from_url(system.settings.BROKER_URL).flushdb()  # as FLUSHALL would, mid-batch
        started = time.monotonic()
        system.reconcile_in_background()
        counts = wait_finished(url, accepted["batch_id"])
        elapsed = time.monotonic() - started
        health = client.get("/healthz").json()
        metrics = client.get("/metrics").text
    requeued = sum(len(p.requeued) for p in system.passes)
    print(f"\nFLUSHALL mid-batch of 40: {counts}, {requeued} requeued by the reconciler, finished {elapsed:.1f}s "
          f"after the flush, {duplicate_metric_rows(url)} duplicate metric rows")
    assert counts == {"done": 40}
    assert requeued > 0
    assert duplicate_metric_rows(url) == 0
    assert health["reconciler"]["runs"] >= 1 and health["reconciler"]["last_run_at"]
    assert set(health["backlog"]) == set(QUEUES)
    assert 'reportflow_documents{status="done"} 40.0' in metrics
    assert "reportflow_reconciler_requeues_total" in metrics and "reportflow_stage_duration_seconds_bucket" in metrics


def test_a_worker_killed_mid_stage_has_its_document_picked_up_within_seconds(system):
    for queue in ("clean", "section"):
        system.start_worker(queue)
    slow = system.start_worker("extract", app="slow_stage_app")  # its extract stage never ends
    url = system.settings.DATABASE_URL
    with TestClient(api_app(system.settings)) as client:
        accepted = upload(client, distinct_reports(1))
        [document_id] = [d["id"] for d in accepted["documents"]]
        _wait_running(url, document_id, Stage.EXTRACT)
        os.killpg(slow.pid, signal.SIGKILL)  # the whole worker, its message left unacknowledged
        slow.wait()
        killed, killed_at = time.monotonic(), utcnow()
        system.start_worker("extract")
        system.reconcile_in_background()
        counts = wait_finished(url, accepted["batch_id"])
        pickup = _pickup_seconds(url, document_id, killed_at)
    print(f"\nextract worker killed -9 mid-stage: {counts}, picked up again {pickup:.1f}s after the kill "
          f"(lease {LEASE}s), done {time.monotonic() - killed:.1f}s after it")
    assert counts == {"done": 1}
    assert pickup < 30


def test_a_document_lost_again_and_again_ends_dead_with_the_reason(system):
    url = system.settings.DATABASE_URL
    # no worker at all and a broker that forgets: every requeue is lost too
    with TestClient(api_app(system.settings)) as client:
        accepted = upload(client, distinct_reports(1))
    [document_id] = [d["id"] for d in accepted["documents"]]
    settings = system.settings.model_copy(update={"MAX_REDELIVERIES": 2, "RECONCILE_GRACE": 0.1})
    holder = reconciler.holder_id()
    broker = redis.Redis.from_url(settings.BROKER_URL)
    for _ in range(4):
        broker.flushdb()
        time.sleep(0.2)
        reconciler.reconcile_once(holder, settings)
    with session_scope(url) as session:
        document = session.get(Document, document_id)
        assert (document.status, document.redeliveries) == ("dead", 2)
        assert "lost 3 times" in document.error and "message was lost by the broker" in document.error


def test_a_second_reconciler_does_not_take_the_lead(system):
    url = system.settings.DATABASE_URL
    assert reconciler.reconcile_once("one", system.settings).leader
    assert not reconciler.reconcile_once("two", system.settings).leader
    assert reconciler.reconcile_once("one", system.settings).leader
    with session_scope(url) as session:
        assert reconciler.status(session)["runs"] == 2


def _wait_running(url: str, document_id: str, stage: Stage, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(url) as session:
            if session.scalar(select(StageRun.id).where(StageRun.document_id == document_id,
                                                        StageRun.stage == stage, StageRun.status == "running")):
                return
        time.sleep(0.2)
    raise AssertionError(f"{document_id} never ran {stage}")


def _pickup_seconds(url: str, document_id: str, killed_at) -> float:
    """From the kill to the start of the next extract run."""
    with session_scope(url) as session:
        runs = session.scalars(select(StageRun).where(StageRun.document_id == document_id,
                                                      StageRun.stage == Stage.EXTRACT).order_by(StageRun.id)).all()
    assert len(runs) >= 2, runs
    return (as_utc(runs[-1].started_at) - killed_at).total_seconds()

