"""The one HTTP client of the ingest API: every command, the demo, the benchmark and the tests use it.

One error style: any failure is an ``ApiError`` whose message says what went wrong (the API unreachable, or
which request answered which status with the API's ``detail``); ``status`` keeps the HTTP status (None when
the API was not reached). One paging style: ``offset``/``limit`` pages are walked by ``_pages``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import httpx

LOOKUP_CHUNK = 1000  # digests per POST /v1/documents/lookup
PAGE = 1000  # the largest page the API serves


class ApiError(Exception):
    """The API could not be reached, or answered with an error."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class NotFinished(ApiError):
    """A batch was not finished in the time given, or the system processing it stopped."""


def default_api_url() -> str:
    """REPORTFLOW_API_URL, else the API address in Settings (REPORTFLOW_API_HOST / REPORTFLOW_API_PORT)."""
    if url := os.environ.get("REPORTFLOW_API_URL"):
        return url
    from shared.settings import get_settings

    settings = get_settings()
    return f"http://{settings.API_HOST}:{settings.API_PORT}"


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", response.text)
    except (ValueError, AttributeError):
        return response.text[:300]
    return detail if isinstance(detail, str) else str(detail)


Upload = tuple[str, bytes | BinaryIO]  # (filename, its bytes or an open stream)


class Api:
    def __init__(self, base_url: str | None = None, timeout: float = 120.0):
        self.base_url = (base_url or default_api_url()).rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=httpx.Timeout(timeout, connect=10.0))

    # --- the one way requests are made ------------------------------------------------------------------------

    def unreachable(self, exc: Exception) -> ApiError:
        return ApiError(f"the API at {self.base_url} is unreachable ({exc or type(exc).__name__})")

    def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise self.unreachable(exc) from exc
        self._raise_for_status(method, path, response)
        return response

    @staticmethod
    def _raise_for_status(method: str, path: str, response: httpx.Response) -> None:
        if response.status_code >= 400:
            raise ApiError(f"{method} {path} answered {response.status_code}: {_detail(response)}",
                           response.status_code)

    def _pages(self, path: str, key: str, params: dict | None = None, limit: int | None = None) -> Iterator[dict]:
        """The items under ``key`` of every offset/limit page of ``path`` (at most ``limit`` of them)."""
        offset, seen = 0, 0
        while True:
            size = PAGE if limit is None else min(PAGE, limit - seen)
            body = self._call("GET", path, params={**(params or {}), "offset": offset, "limit": size}).json()
            items = body[key]
            yield from items
            seen += len(items)
            offset += len(items)
            if not items or offset >= body["total"] or (limit is not None and seen >= limit):
                return

    # --- health ------------------------------------------------------------------------------------------------

    def health(self) -> dict:
        return self._call("GET", "/healthz").json()

    def healthy(self) -> bool:
        try:
            return self.http.get("/healthz", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    # --- batches -----------------------------------------------------------------------------------------------

    def upload(self, files: Iterable[Upload], name: str | None = None, reprocess: bool = False) -> dict:
        """One batch: every (filename, content) as a multipart ``files`` part, the batch's name as ``name``."""
        return self._call("POST", "/v1/batches", files=[("files", item) for item in files],
                          data={"name": name} if name else None,
                          params={"reprocess": "true"} if reprocess else None).json()

    def upload_paths(self, paths: Iterable[Path], name: str | None = None) -> dict:
        return self.upload([(path.name, path.read_bytes()) for path in paths], name)

    def progress(self, batch_id: str) -> dict:
        """The batch's counts and progress, without its documents."""
        return self._call("GET", f"/v1/batches/{batch_id}", params={"limit": 1}).json()

    def batch(self, batch_id: str) -> dict:
        """The batch's status with every one of its documents (paged through)."""
        first = self.progress(batch_id)
        return {**first, "documents": list(self._pages(f"/v1/batches/{batch_id}", "documents"))}

    def batches(self, limit: int | None = None) -> list[dict]:
        """Batches, newest first, with their name and counts."""
        return list(self._pages("/v1/batches", "batches", limit=limit))

    def delete_batch(self, batch_id: str) -> dict:
        return self._call("DELETE", f"/v1/batches/{batch_id}").json()

    def retry_failed(self, batch_id: str) -> dict:
        return self._call("POST", f"/v1/batches/{batch_id}/retry-failed").json()

    def cancel(self, batch_id: str) -> dict:
        return self._call("POST", f"/v1/batches/{batch_id}/cancel").json()

    def wait_finished(self, batch_id: str, timeout: float, poll: float = 0.5,
                      alive: Callable[[], bool] | None = None) -> dict:
        """Poll until every document of the batch is finished; return the full batch."""
        deadline = time.monotonic() + timeout
        while True:
            body = self.progress(batch_id)
            if body["progress"] >= 1.0:
                return self.batch(batch_id)
            if alive is not None and not alive():
                raise NotFinished("the system stopped before the batch finished")
            if time.monotonic() > deadline:
                raise NotFinished(f"batch {batch_id} not finished after {timeout:g}s: {body['counts']}")
            time.sleep(poll)

    @contextmanager
    def events(self, batch_id: str, last_event_id: str | None = None):
        """The batch's Server-Sent Events (an httpx_sse EventSource); transport errors propagate as httpx's."""
        from httpx_sse import connect_sse

        headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
        path = f"/v1/batches/{batch_id}/events"
        with connect_sse(self.http, "GET", path, headers=headers,
                         timeout=httpx.Timeout(10.0, read=60.0)) as source:
            if source.response.status_code >= 400:
                source.response.read()
                self._raise_for_status("GET", path, source.response)
            yield source

    def export(self, batch_id: str, fmt: str, target: Path) -> Path:
        """Download the batch's metrics as ``fmt`` into ``target``."""
        path = f"/v1/batches/{batch_id}/export"
        try:
            with self.http.stream("GET", path, params={"format": fmt}) as response:
                if response.status_code >= 400:
                    response.read()
                    self._raise_for_status("GET", path, response)
                with target.open("wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
        except httpx.TransportError as exc:
            raise self.unreachable(exc) from exc
        return target

    # --- documents ---------------------------------------------------------------------------------------------

    def lookup(self, hashes: Iterable[str]) -> dict[str, dict]:
        """sha256 → the service's document for it (see POST /v1/documents/lookup)."""
        hashes = sorted(set(hashes))
        known: dict[str, dict] = {}
        for start in range(0, len(hashes), LOOKUP_CHUNK):
            body = {"sha256": hashes[start:start + LOOKUP_CHUNK]}
            for document in self._call("POST", "/v1/documents/lookup", json=body).json()["documents"]:
                known[document["sha256"]] = document
        return known

    def document(self, document_id: str) -> dict:
        return self._call("GET", f"/v1/documents/{document_id}").json()

    def metrics(self, document_id: str) -> list[dict]:
        return self._call("GET", f"/v1/documents/{document_id}/metrics").json()["metrics"]

    def sections(self, document_id: str) -> list[dict]:
        return self._call("GET", f"/v1/documents/{document_id}/sections").json()["sections"]

    def reprocess(self, document_id: str, from_stage: str | None = None) -> dict:
        params = {"from_stage": from_stage} if from_stage else None
        return self._call("POST", f"/v1/documents/{document_id}/reprocess", params=params).json()

    def cancel_document(self, document_id: str) -> dict:
        return self._call("POST", f"/v1/documents/{document_id}/cancel").json()

    # --- lifetime ----------------------------------------------------------------------------------------------

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
