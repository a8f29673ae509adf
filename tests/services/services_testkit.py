"""Small helpers shared by the services tests: upload through the API and wait for the real worker."""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

REPORTS = Path(__file__).parents[1] / "data" / "reports"
PROCESSING_TIMEOUT = 180  # seconds; generous for 2 busy cores, never a speed assertion


def upload(client: TestClient, files: list[tuple[str, bytes]], **params) -> dict:
    response = client.post("/v1/batches", files=[("files", (name, data)) for name, data in files], params=params)
    assert response.status_code == 202, response.text
    return response.json()


def wait_for_batch(client: TestClient, batch_id: str, timeout: float = PROCESSING_TIMEOUT) -> dict:
    """Poll the batch until every document is finished; return its last status (with all documents)."""
    deadline = time.monotonic() + timeout
    while True:
        batch = client.get(f"/v1/batches/{batch_id}", params={"limit": 1000}).json()
        if batch["progress"] == 1.0:
            return batch
        if time.monotonic() > deadline:
            raise AssertionError(f"batch {batch_id} not finished after {timeout}s: {batch['counts']}")
        time.sleep(0.3)


def wait_for_document(client: TestClient, document_id: str, until, timeout: float = PROCESSING_TIMEOUT) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        document = client.get(f"/v1/documents/{document_id}").json()
        if until(document):
            return document
        if time.monotonic() > deadline:
            raise AssertionError(f"document {document_id} did not reach the expected state: {document}")
        time.sleep(0.3)


def pool_processes(worker: subprocess.Popen) -> list[int]:
    """The pool processes of a Celery worker (its children)."""
    found = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in found.split()]


def broken_docx() -> bytes:
    """A real ZIP with a Word main part whose XML is garbage: it passes upload checks, then fails to read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><Default Extension=")
        archive.writestr("word/document.xml", "<w:document><<< not xml")
    return buffer.getvalue()


def dev_reports() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in sorted(REPORTS.glob("*.txt"))]
