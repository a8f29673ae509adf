"""Fault tests of the reconciler with real servers: a broker that loses every message (FLUSHALL) and a worker
killed with -9 in the middle of a stage. The database is the truth: every document still finishes.

Each test runs its own system — its own SQLite database, its own Redis database number, three real Celery
workers with a 2-second lease — so that the reconciler (run here, in-process, one pass a second) sees only its
documents. Figures are printed (``-s``) for the issue's closing note.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from services_testkit import dev_reports, upload
from sqlalchemy import func, select

from shared import reconciler
from shared.db.migrate import upgrade
from shared.db.models import Document, MetricRow, Stage, StageRun, as_utc, utcnow
from shared.db.session import get_engine, session_scope
from shared.settings import Settings
from shared.stages import QUEUES
from tests.services.throwaway_postgres import throwaway_postgres

LEASE = "2"
WORKER_READY_TIMEOUT = 90
FINISH_TIMEOUT = 180


def _worker(queue: str, env: dict[str, str], log_dir: Path, app: str = "shared.queue") -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    log_path = log_dir / f"{queue}-{secrets.token_hex(2)}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(celery), "-A", app, "worker", "-Q", queue, "--concurrency", "1",
             "--hostname", f"{queue}-{secrets.token_hex(3)}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel", "INFO"],
            env={**os.environ, **env, "PYTHONPATH": str(Path(__file__).parent)}, cwd=log_dir, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + WORKER_READY_TIMEOUT
    while "ready." not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            _kill(process)
            raise RuntimeError(f"worker {queue} did not start:\n{log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    return process


def _kill(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class System:
    def __init__(self, settings: Settings, env: dict[str, str], log_dir: Path):
        self.settings, self.env, self.log_dir = settings, env, log_dir
        self.workers: dict[str, subprocess.Popen] = {}
        self.passes: list[reconciler.Pass] = []
        self._stop = threading.Event()

    def start_worker(self, queue: str, app: str = "shared.queue") -> subprocess.Popen:
        self.workers[queue] = _worker(queue, self.env, self.log_dir, app)
        return self.workers[queue]

    def reconcile_in_background(self) -> None:
        holder = reconciler.holder_id()

        def loop():
            while not self._stop.wait(1.0):
                self.passes.append(reconciler.reconcile_once(holder, self.settings))

        threading.Thread(target=loop, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        for process in self.workers.values():
            _kill(process)


@contextmanager
def _database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A throwaway database: a SQLite file, or a new PostgreSQL database on 127.0.0.1:5432 dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'reportflow.db'}"
        return
    yield from throwaway_postgres("reportflow_fault")


@pytest.fixture(params=["sqlite", "postgresql"])
def system(request, redis_url, s3, tmp_path) -> Iterator[System]:
    with _database(request.param, tmp_path) as database_url:
        yield from _system(database_url, redis_url, s3, tmp_path)


def _system(database_url: str, redis_url: str, s3: dict[str, str], tmp_path: Path) -> Iterator[System]:
    upgrade(database_url)
    broker_url = redis_url.rsplit("/", 1)[0] + f"/{8 + secrets.randbelow(6)}"
    redis.Redis.from_url(broker_url).flushdb()
    env = {"REPORTFLOW_DATABASE_URL": database_url, "REPORTFLOW_BROKER_URL": broker_url,
           "REPORTFLOW_LEASE_SECONDS": LEASE, "REPORTFLOW_TASK_TIME_LIMIT": "120", **s3}
    settings = Settings(DATABASE_URL=database_url, BROKER_URL=broker_url, S3_ENDPOINT=s3["REPORTFLOW_S3_ENDPOINT"],
                        S3_ACCESS_KEY=s3["REPORTFLOW_S3_ACCESS_KEY"], S3_SECRET_KEY=s3["REPORTFLOW_S3_SECRET_KEY"],
                        S3_BUCKET=s3["REPORTFLOW_S3_BUCKET"], RECONCILE_INTERVAL=1, RECONCILE_GRACE=2,
                        LEASE_SECONDS=float(LEASE))
    system = System(settings, env, tmp_path)
    try:
        yield system
    finally:
        system.stop()
        get_engine(database_url).dispose()


def _variants(count: int) -> list[tuple[str, bytes]]:
    """Distinct reports (so none is a duplicate of another): the dev reports with a numbered last line."""
    reports = dev_reports()
    return [(f"{i:03d}-{name}", data + f"\n（第{i}份）\n".encode()) for i, (name, data) in
            ((i, reports[i % len(reports)]) for i in range(count))]


def _counts(url: str, batch_id: str) -> dict[str, int]:
    with session_scope(url) as session:
        return dict(session.execute(select(Document.status, func.count()).where(Document.batch_id == batch_id)
                                    .group_by(Document.status)).all())


def _wait_finished(url: str, batch_id: str, timeout: float = FINISH_TIMEOUT) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        counts = _counts(url, batch_id)
        if not counts.get("queued") and not counts.get("processing"):
            return counts
        if time.monotonic() > deadline:
            raise AssertionError(f"batch not finished after {timeout}s: {counts}")
        time.sleep(0.5)


def _duplicate_metric_rows(url: str) -> int:
    with session_scope(url) as session:
        per_position = select(MetricRow.document_id, MetricRow.position, func.count().label("n")) \
            .group_by(MetricRow.document_id, MetricRow.position).subquery()
        return session.scalar(select(func.count()).select_from(per_position).where(per_position.c.n > 1)) or 0


def test_every_document_finishes_after_the_broker_loses_every_message(system):
    for queue in QUEUES:
        system.start_worker(queue)
    url = system.settings.DATABASE_URL
    with TestClient(_app(system.settings)) as client:
        accepted = upload(client, _variants(40))
        redis.Redis.from_url(system.settings.BROKER_URL).flushdb()  # as FLUSHALL would, mid-batch
        started = time.monotonic()
        system.reconcile_in_background()
        counts = _wait_finished(url, accepted["batch_id"])
        elapsed = time.monotonic() - started
        health = client.get("/healthz").json()
        metrics = client.get("/metrics").text
    requeued = sum(len(p.requeued) for p in system.passes)
    print(f"\nFLUSHALL mid-batch of 40: {counts}, {requeued} requeued by the reconciler, finished {elapsed:.1f}s "
          f"after the flush, {_duplicate_metric_rows(url)} duplicate metric rows")
    assert counts == {"done": 40}
    assert requeued > 0
    assert _duplicate_metric_rows(url) == 0
    assert health["reconciler"]["runs"] >= 1 and health["reconciler"]["last_run_at"]
    assert set(health["backlog"]) == set(QUEUES)
    assert 'reportflow_documents{status="done"} 40.0' in metrics
    assert "reportflow_reconciler_requeues_total" in metrics and "reportflow_stage_duration_seconds_bucket" in metrics


def test_a_worker_killed_mid_stage_has_its_document_picked_up_within_seconds(system):
    for queue in ("clean", "section"):
        system.start_worker(queue)
    slow = system.start_worker("extract", app="slow_stage_app")  # its extract stage never ends
    url = system.settings.DATABASE_URL
    with TestClient(_app(system.settings)) as client:
        accepted = upload(client, _variants(1))
        [document_id] = [d["id"] for d in accepted["documents"]]
        _wait_running(url, document_id, Stage.EXTRACT)
        os.killpg(slow.pid, signal.SIGKILL)  # the whole worker, its message left unacknowledged
        slow.wait()
        killed, killed_at = time.monotonic(), utcnow()
        system.start_worker("extract")
        system.reconcile_in_background()
        counts = _wait_finished(url, accepted["batch_id"])
        pickup = _pickup_seconds(url, document_id, killed_at)
    print(f"\nextract worker killed -9 mid-stage: {counts}, picked up again {pickup:.1f}s after the kill "
          f"(lease {LEASE}s), done {time.monotonic() - killed:.1f}s after it")
    assert counts == {"done": 1}
    assert pickup < 30


def test_a_document_lost_again_and_again_ends_dead_with_the_reason(system):
    url = system.settings.DATABASE_URL
    # no worker at all and a broker that forgets: every requeue is lost too
    with TestClient(_app(system.settings)) as client:
        accepted = upload(client, _variants(1))
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


def _app(settings: Settings):
    from services.ingest.main import create_app

    return create_app(settings)


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

