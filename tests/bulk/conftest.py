"""The bulk tests run against the same real services as tests/services: its fixtures are loaded from there
(not copied), plus a real uvicorn server for the command line, which talks HTTP."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SERVICES_TESTS = Path(__file__).parents[1] / "services"
sys.path.insert(0, str(SERVICES_TESTS))  # services_testkit, as tests/services imports it


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
client = _services.client

SERVER_START_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def api_url(service_env, workers, tmp_path_factory) -> Iterator[str]:
    """The ingest API served by a real uvicorn process, for clients that speak HTTP (the command line)."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("api") / "uvicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "services.ingest.main:create_app",
             "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **service_env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn not healthy after {SERVER_START_TIMEOUT}s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def processed_batch(client) -> dict:
    """Three dev reports and a byte-identical copy of one of them (a duplicate), processed to the end."""
    from bulk_testkit import fresh_report
    from services_testkit import upload, wait_for_batch

    first = fresh_report("seed000.txt")
    accepted = upload(client, [("seed000.txt", first), ("seed003.txt", fresh_report("seed003.txt")),
                               ("seed004.txt", fresh_report("seed004.txt")), ("copy-of-seed000.txt", first)])
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"done": 3, "duplicate": 1}
    return {"id": accepted["batch_id"], "documents": accepted["documents"]}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the bulk tests after every other test of the session.

    These fixtures are a second set of live servers beside tests/services' own (pytest keeps one set per
    conftest). Interleaved with the services tests, the in-process Celery app would be configured with
    whichever set's broker came first, and their direct enqueue() calls would go to the wrong workers. The
    bulk tests never enqueue in-process (the API passes its broker URL, the CLI runs in a subprocess), so
    they are safe last, and the others finish before this set starts.
    """
    here = Path(__file__).parent
    mine = [item for item in items if here in item.path.parents]
    if mine and len(mine) < len(items):
        items[:] = [item for item in items if here not in item.path.parents] + mine
