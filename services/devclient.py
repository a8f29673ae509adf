"""A small client of the ingest API, and a handle on a `reportflow dev` subprocess.

Used by the demo (scripts/demo.py), the end-to-end benchmark and the tests of `reportflow dev`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import httpx

from shared.db.models import FINISHED_STATUSES
from shared.embedded import LOOPBACK, free_port, port_is_free
from shared.errors import ReportflowError

FINISHED = {status.value for status in FINISHED_STATUSES}


class DemoError(ReportflowError):
    """The dev system did not come up, or a batch did not finish in time."""


class IngestClient:
    def __init__(self, base_url: str, timeout: float = 60.0):
        self.http = httpx.Client(base_url=base_url, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> IngestClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def healthy(self) -> bool:
        try:
            return self.http.get("/healthz", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    def upload(self, files: Iterable[tuple[str, bytes]], reprocess: bool = False) -> dict:
        """One batch: POST every (filename, content) as multipart `files`."""
        parts = [("files", (name, content, "text/plain")) for name, content in files]
        response = self.http.post("/v1/batches", files=parts, params={"reprocess": reprocess} if reprocess else None)
        response.raise_for_status()
        return response.json()

    def upload_paths(self, paths: Sequence[Path]) -> dict:
        return self.upload((path.name, path.read_bytes()) for path in paths)

    def batch(self, batch_id: str, limit: int = 1000) -> dict:
        """The batch's counts and every document (paging through them)."""
        documents, offset = [], 0
        while True:
            response = self.http.get(f"/v1/batches/{batch_id}", params={"offset": offset, "limit": limit})
            response.raise_for_status()
            body = response.json()
            documents += body["documents"]
            offset += limit
            if offset >= body["total"]:
                return body | {"documents": documents}

    def progress(self, batch_id: str) -> dict:
        response = self.http.get(f"/v1/batches/{batch_id}", params={"limit": 1})
        response.raise_for_status()
        return response.json()

    def wait_finished(self, batch_id: str, timeout: float, poll: float = 0.5,
                      alive: callable | None = None) -> dict:
        """Poll until every document of the batch is finished; return the full batch."""
        deadline = time.monotonic() + timeout
        while True:
            body = self.progress(batch_id)
            if body["progress"] >= 1.0:
                return self.batch(batch_id)
            if alive is not None and not alive():
                raise DemoError("the dev system stopped before the batch finished")
            if time.monotonic() > deadline:
                raise DemoError(f"batch {batch_id} not finished after {timeout:g}s: {body['counts']}")
            time.sleep(poll)

    def document(self, document_id: str) -> dict:
        response = self.http.get(f"/v1/documents/{document_id}")
        response.raise_for_status()
        return response.json()

    def metrics(self, document_id: str) -> list[dict]:
        response = self.http.get(f"/v1/documents/{document_id}/metrics")
        response.raise_for_status()
        return response.json()["metrics"]

    def sections(self, document_id: str) -> list[dict]:
        response = self.http.get(f"/v1/documents/{document_id}/sections")
        response.raise_for_status()
        return response.json()["sections"]


class DevProcess:
    """`reportflow dev` run as a subprocess (own process group), stopped with SIGINT like Ctrl-C."""

    def __init__(self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None,
                 log_path: Path | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or (8000 if port_is_free(8000) else free_port())
        self.env = env
        self.log_path = log_path or self.data_dir.parent / f"{self.data_dir.name}-dev.log"
        self.process: subprocess.Popen | None = None
        self.api_url = f"http://{LOOPBACK}:{self.port}"

    def start(self) -> DevProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services", "dev", "--port", str(self.port), "--data-dir", str(self.data_dir)],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def wait_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        with IngestClient(self.api_url) as client:
            while not client.healthy():
                if not self.alive:
                    raise DemoError(f"`reportflow dev` exited with code {self.process.returncode}:\n{self.output()}")
                if time.monotonic() > deadline:
                    raise DemoError(f"{self.api_url}/healthz did not answer within {timeout:g}s:\n{self.output()}")
                time.sleep(0.5)
        # /healthz answers as soon as the API is up; `reportflow dev` says "ready" once workers answer too.
        while "ready" not in self.output():
            if not self.alive or time.monotonic() > deadline:
                raise DemoError(f"`reportflow dev` never became ready:\n{self.output()}")
            time.sleep(0.2)

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGINT (as Ctrl-C would), then SIGKILL of its group if it does not finish in time."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> DevProcess:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
