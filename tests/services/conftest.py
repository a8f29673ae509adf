"""Real servers for the services tests: a throwaway Redis and SeaweedFS S3 (shared.embedded), a fresh
database per backend (SQLite file, or a new PostgreSQL database on 127.0.0.1:5432), a real Celery worker
process, and the API in-process through FastAPI's TestClient."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from shared.db.migrate import upgrade
from shared.db.session import get_engine
from shared.embedded import LOOPBACK, free_port, start_redis, start_seaweedfs
from shared.queue import STAGE_QUEUES
from shared.settings import get_settings
from tests.services.throwaway_postgres import throwaway_postgres

# Small enough that a test can exceed it cheaply, large enough for every dev report (the biggest is ~38 KB).
TEST_UPLOAD_LIMIT = 200_000
WORKER_START_TIMEOUT = 90
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    server = start_redis(tmp_path_factory.mktemp("redis"))
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def s3(tmp_path_factory) -> Iterator[dict[str, str]]:
    secret = secrets.token_urlsafe(16)
    server = start_seaweedfs(tmp_path_factory.mktemp("seaweedfs"), access_key="reportflow", secret_key=secret)
    yield {"REPORTFLOW_S3_ENDPOINT": server.endpoint, "REPORTFLOW_S3_ACCESS_KEY": "reportflow",
           "REPORTFLOW_S3_SECRET_KEY": secret, "REPORTFLOW_S3_BUCKET": f"test-{secrets.token_hex(4)}"}
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'reportflow.db'}"
        yield url
        get_engine(url).dispose()
    else:
        yield from throwaway_postgres("reportflow_test")


@pytest.fixture(scope="session")
def service_env(database_url, redis_url, s3) -> Iterator[dict[str, str]]:
    """REPORTFLOW_* variables of this backend's run, set in this process too (Settings read them)."""
    env = {
        "REPORTFLOW_DATABASE_URL": database_url,
        "REPORTFLOW_BROKER_URL": redis_url,
        "REPORTFLOW_MAX_UPLOAD_BYTES": str(TEST_UPLOAD_LIMIT),
        "REPORTFLOW_TASK_TIME_LIMIT": "120",
        **s3,
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    get_settings.cache_clear()
    upgrade(database_url)
    yield env
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def workers(service_env, tmp_path_factory) -> Iterator[list[subprocess.Popen]]:
    """Real Celery worker processes, one per stage queue as deployed, so routing mistakes show."""
    workdir = tmp_path_factory.mktemp("workers")
    started = [(_start_worker(queue, workdir, service_env), workdir / f"{queue}.log") for queue in STAGE_QUEUES]
    try:
        for process, log_path in started:
            _wait_for_log(process, log_path, "ready.", WORKER_START_TIMEOUT)
        yield [process for process, _ in started]
    finally:
        for process, _ in started:
            _stop(process)
        print(f"worker logs: {workdir}")


@pytest.fixture
def spawn_worker(service_env, tmp_path) -> Iterator:
    """Start an extra worker for one test: ``spawn_worker(queue, *worker_options, **env_overrides)``; stopped
    after the test."""
    started = []

    def spawn(queue: str, *options: str, app: str = "shared.queue", **overrides: str) -> subprocess.Popen:
        env = {**service_env, "PYTHONPATH": str(Path(__file__).parent), **overrides}
        process = _start_worker(queue, tmp_path, env, options, app)
        started.append(process)
        _wait_for_log(process, tmp_path / f"{queue}.log", "ready.", WORKER_START_TIMEOUT)
        return process

    yield spawn
    for process in started:
        _stop(process)


def _start_worker(queue: str, workdir: Path, env: dict[str, str], options=(), app: str = "shared.queue"
                  ) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    with open(workdir / f"{queue}.log", "wb") as log:
        return subprocess.Popen(
            [str(celery), "-A", app, "worker", "-Q", queue, "--concurrency", "1",
             "--hostname", f"{queue}-{secrets.token_hex(3)}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel", "INFO", *options],
            env={**os.environ, **env}, cwd=workdir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )


def _wait_for_log(process: subprocess.Popen, log_path: Path, marker: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace")
        if marker in text:
            return
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited with {process.returncode}:\n{text[-3000:]}")
        time.sleep(0.2)
    raise RuntimeError(f"celery worker not ready after {timeout}s:\n{log_path.read_text(errors='replace')[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def client(service_env, workers) -> Iterator[TestClient]:
    from services.ingest.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


API_START_TIMEOUT = 60


@pytest.fixture(scope="session")
def api_url(service_env, workers, tmp_path_factory) -> Iterator[str]:
    """The ingest API in its own uvicorn process, as deployed, for clients that speak HTTP (CLI, SSE, browser)."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("api") / "api.log"
    uvicorn = Path(sys.executable).with_name("uvicorn")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(uvicorn), "--factory", "services.ingest.main:create_app", "--host", LOOPBACK, "--port", str(port)],
            env={**os.environ, **service_env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{LOOPBACK}:{port}"
    try:
        _wait_until_up(process, url, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + API_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"uvicorn not answering after {API_START_TIMEOUT}s:\n{log_path.read_text()[-3000:]}")
