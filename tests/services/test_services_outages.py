"""Fault tests of outages of the two stores, with real servers: PostgreSQL crashed (SIGKILL) for 5 s and the S3 store
down for 11 s, each in the middle of a batch. Workers see connection errors and retry; what they could not record
the reconciler picks up. Every document finishes, no metric row is written twice. Figures are printed (``-s``).
"""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from fault_system import System, api_app, distinct_reports, duplicate_metric_rows, run_system, wait_finished
from services_testkit import upload
from sqlalchemy import func, select

from shared.db.models import Document, StageRun
from shared.db.session import session_scope
from shared.embedded import start_seaweedfs
from shared.stages import QUEUES
from tests.services.throwaway_postgres import PostgresServer

BATCH = 30
POSTGRES_OUTAGE = 5
S3_OUTAGE = 11


def _wait_done(url: str, batch_id: str, count: int, timeout: float = 90) -> int:
    """Until ``count`` documents are done (and others are not, the batch being larger)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(url) as session:
            done = session.scalar(select(func.count()).where(Document.batch_id == batch_id,
                                                             Document.status == "done"))
        if done >= count:
            return done
        time.sleep(0.1)
    raise AssertionError("no document finished before the fault")


def _retries(url: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(StageRun).where(StageRun.status == "retrying")) or 0


def _run_batch_through(system: System, fault, done_first: int) -> tuple[dict[str, int], int, float]:
    """Upload a batch, let ``done_first`` documents finish, then bring the fault; the counts when every document is
    settled, and the seconds from the start of the fault to then."""
    for queue in QUEUES:
        system.start_worker(queue)
    url = system.settings.DATABASE_URL
    with TestClient(api_app(system.settings)) as client:
        accepted = upload(client, distinct_reports(BATCH))
    done_before = _wait_done(url, accepted["batch_id"], done_first)
    system.reconcile_in_background()
    started = time.monotonic()
    fault()
    counts = wait_finished(url, accepted["batch_id"])
    return counts, done_before, time.monotonic() - started


def test_every_document_finishes_after_postgresql_crashes_mid_batch(redis_url, s3, tmp_path):
    server = PostgresServer().init()
    server.start()
    try:
        system_run = run_system(server.url, redis_url, s3, tmp_path)
        system = next(system_run)

        def crash_for_a_while():
            server.crash()
            time.sleep(POSTGRES_OUTAGE)
            server.start()

        try:
            counts, done_before, elapsed = _run_batch_through(system, crash_for_a_while, done_first=3)
        finally:
            system_run.close()
        url = server.url
        print(f"\nPostgreSQL SIGKILLed for {POSTGRES_OUTAGE}s with {done_before}/{BATCH} done: {counts}, finished "
              f"{elapsed:.1f}s after the crash (back after {POSTGRES_OUTAGE}s), {_retries(url)} stage retries, "
              f"{len(system.failed_passes)} reconciler passes met the outage, "
              f"{sum(len(p.requeued) for p in system.passes)} requeued, {duplicate_metric_rows(url)} duplicate metric rows")
        assert counts == {"done": BATCH}
        assert duplicate_metric_rows(url) == 0
    finally:
        server.remove()


def test_every_document_finishes_after_the_object_store_is_down_mid_batch(redis_url, tmp_path):
    store = start_seaweedfs(tmp_path / "s3", access_key="reportflow", secret_key="outage-test-secret")
    s3 = {"REPORTFLOW_S3_ENDPOINT": store.endpoint, "REPORTFLOW_S3_ACCESS_KEY": "reportflow",
          "REPORTFLOW_S3_SECRET_KEY": "outage-test-secret", "REPORTFLOW_S3_BUCKET": "outage"}
    try:
        system_run = run_system(f"sqlite:///{tmp_path / 'reportflow.db'}", redis_url, s3, tmp_path)
        system = next(system_run)

        def stop_for_a_while():
            store.stop()
            time.sleep(S3_OUTAGE)
            store.start()

        try:
            counts, done_before, elapsed = _run_batch_through(system, stop_for_a_while, done_first=0)
        finally:
            system_run.close()
        url = system.settings.DATABASE_URL
        print(f"\nS3 store down {S3_OUTAGE}s with {done_before}/{BATCH} done: {counts}, finished {elapsed:.1f}s "
              f"after it went down (back after {S3_OUTAGE}s), {_retries(url)} stage retries, "
              f"{sum(len(p.requeued) for p in system.passes)} requeued, {duplicate_metric_rows(url)} duplicate metric rows")
        assert counts == {"done": BATCH}
        assert duplicate_metric_rows(url) == 0
    finally:
        store.stop()
