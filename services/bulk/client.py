"""The few ingest API calls the bulk commands make, over one httpx client."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import httpx

from shared.settings import get_settings

LOOKUP_CHUNK = 1000
BATCH_PAGE = 1000


class ApiError(Exception):
    """The API could not be reached, or answered with an error."""


def default_api_url() -> str:
    """REPORTFLOW_API_URL, else the API address in Settings (REPORTFLOW_API_HOST / REPORTFLOW_API_PORT)."""
    if url := os.environ.get("REPORTFLOW_API_URL"):
        return url
    settings = get_settings()
    return f"http://{settings.API_HOST}:{settings.API_PORT}"


def _detail(response: httpx.Response) -> str:
    try:
        return response.json().get("detail", response.text)
    except ValueError:
        return response.text[:300]


class Api:
    def __init__(self, base_url: str, timeout: float = 120.0):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=self.base_url, timeout=httpx.Timeout(timeout, connect=10.0))

    def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise ApiError(f"cannot reach the API at {self.base_url}: {exc}") from exc
        if response.status_code >= 400:
            raise ApiError(f"{method} {path} answered {response.status_code}: {_detail(response)}")
        return response

    def lookup(self, hashes: Iterable[str]) -> dict[str, dict]:
        """sha256 → the service's document for it (see POST /v1/documents/lookup)."""
        hashes = sorted(set(hashes))
        known: dict[str, dict] = {}
        for start in range(0, len(hashes), LOOKUP_CHUNK):
            body = {"sha256": hashes[start:start + LOOKUP_CHUNK]}
            for document in self._call("POST", "/v1/documents/lookup", json=body).json()["documents"]:
                known[document["sha256"]] = document
        return known

    def upload(self, files: list[tuple[str, BinaryIO]]) -> dict:
        return self._call("POST", "/v1/batches", files=[("files", item) for item in files]).json()

    def batch(self, batch_id: str) -> dict:
        """The batch's status with every one of its documents (paged through)."""
        first = self._call("GET", f"/v1/batches/{batch_id}", params={"limit": BATCH_PAGE}).json()
        documents = list(first["documents"])
        while len(documents) < first["total"]:
            page = self._call("GET", f"/v1/batches/{batch_id}",
                              params={"offset": len(documents), "limit": BATCH_PAGE}).json()
            if not page["documents"]:
                break
            documents.extend(page["documents"])
        return {**first, "documents": documents}

    def export(self, batch_id: str, fmt: str, destination: Path | None) -> Path:
        """Download the batch's metrics; returns where they were written."""
        path = f"/v1/batches/{batch_id}/export"
        try:
            with self._client.stream("GET", path, params={"format": fmt}) as response:
                if response.status_code >= 400:
                    response.read()
                    raise ApiError(f"GET {path} answered {response.status_code}: {_detail(response)}")
                target = destination or Path(f"batch-{batch_id}.{fmt}")
                with target.open("wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
        except httpx.TransportError as exc:
            raise ApiError(f"cannot reach the API at {self.base_url}: {exc}") from exc
        return target

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
