"""The dashboard tests run on the services tests' real servers: their fixtures are imported here, not copied,
plus the API served by a real uvicorn process (for SSE over HTTP, `reportflow watch` and the browser)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.embedded import LOOPBACK, free_port

SERVICES_TESTS = Path(__file__).parents[1] / "services"
sys.path.insert(0, str(SERVICES_TESTS))  # services_testkit, as the services tests import it


def _load_services_fixtures():
    spec = importlib.util.spec_from_file_location("services_fixtures", SERVICES_TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_services = _load_services_fixtures()
redis_url = _services.redis_url
s3 = _services.s3
database_url = _services.database_url
service_env = _services.service_env
workers = _services.workers
spawn_worker = _services.spawn_worker
client = _services.client

API_START_TIMEOUT = 60


@pytest.fixture(scope="session")
def api_url(service_env, workers, tmp_path_factory) -> Iterator[str]:
    """The ingest API in its own uvicorn process, as deployed; its log is printed if it fails to start."""
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


@pytest.fixture(scope="session")
def http(api_url) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as session:
        yield session
