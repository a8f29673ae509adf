"""A system of real servers for fault tests: its own database, its own Redis database number, real Celery workers
with a 2-second lease (subprocesses), and the reconciler run in-process, one pass a second — so that each test sees
only its own documents. Used by test_services_reconciler.py and test_services_outages.py."""

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

import redis
from services_testkit import dev_reports
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from shared import reconciler
from shared.db.migrate import upgrade
from shared.db.models import Document, MetricRow
from shared.db.session import get_engine, session_scope
from shared.settings import Settings
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
        self.failed_passes: list[str] = []
        self._stop = threading.Event()

    def start_worker(self, queue: str, app: str = "shared.queue") -> subprocess.Popen:
        self.workers[queue] = _worker(queue, self.env, self.log_dir, app)
        return self.workers[queue]

    def reconcile_in_background(self) -> None:
        holder = reconciler.holder_id()

        def loop():  # as reconciler.run_forever: a pass that meets a database outage is logged, the next one runs
            while not self._stop.wait(1.0):
                try:
                    self.passes.append(reconciler.reconcile_once(holder, self.settings))
                except OperationalError as exc:
                    self.failed_passes.append(str(exc))

        threading.Thread(target=loop, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        for process in self.workers.values():
            _kill(process)


@contextmanager
def throwaway_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A throwaway database: a SQLite file, or a new PostgreSQL database on 127.0.0.1:5432 dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'reportflow.db'}"
        return
    yield from throwaway_postgres("reportflow_fault")


def run_system(database_url: str, redis_url: str, s3: dict[str, str], tmp_path: Path) -> Iterator[System]:
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


def distinct_reports(count: int) -> list[tuple[str, bytes]]:
    """Distinct reports (so none is a duplicate of another): the dev reports with a numbered last line."""
    reports = dev_reports()
    return [(f"{i:03d}-{name}", data + f"\n（第{i}份）\n".encode()) for i, (name, data) in
            ((i, reports[i % len(reports)]) for i in range(count))]


def batch_counts(url: str, batch_id: str) -> dict[str, int]:
    with session_scope(url) as session:
        return dict(session.execute(select(Document.status, func.count()).where(Document.batch_id == batch_id)
                                    .group_by(Document.status)).all())


def wait_finished(url: str, batch_id: str, timeout: float = FINISH_TIMEOUT) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        counts = batch_counts(url, batch_id)
        if not counts.get("queued") and not counts.get("processing"):
            return counts
        if time.monotonic() > deadline:
            raise AssertionError(f"batch not finished after {timeout}s: {counts}")
        time.sleep(0.5)


def duplicate_metric_rows(url: str) -> int:
    with session_scope(url) as session:
        per_position = select(MetricRow.document_id, MetricRow.position, func.count().label("n")) \
            .group_by(MetricRow.document_id, MetricRow.position).subquery()
        return session.scalar(select(func.count()).select_from(per_position).where(per_position.c.n > 1)) or 0


def api_app(settings: Settings):
    from services.ingest.main import create_app

    return create_app(settings)
