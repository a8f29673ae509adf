"""Dedupe that holds under concurrency: 20 uploads of the same bytes at once give one original and 19
duplicates (the unique index on documents.original_sha256), on SQLite and PostgreSQL, through the live API."""

from __future__ import annotations

import hashlib
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from services_testkit import dev_reports
from sqlalchemy import func, select

from shared.db.models import Document
from shared.db.session import session_scope

UPLOADS = 20


def test_twenty_concurrent_uploads_of_the_same_bytes_make_one_original(api_url):
    name, data = dev_reports()[0]
    data += f"\n（并发上传测试 {secrets.token_hex(4)}）\n".encode()  # new bytes for every run
    barrier = threading.Barrier(UPLOADS)

    def post(_index: int) -> dict:
        with httpx.Client(base_url=api_url, timeout=60) as client:
            barrier.wait()
            response = client.post("/v1/batches", files=[("files", (name, data))])
            assert response.status_code == 202, response.text
            return response.json()["documents"][0]

    with ThreadPoolExecutor(UPLOADS) as pool:
        documents = list(pool.map(post, range(UPLOADS)))
    statuses = sorted(d["status"] for d in documents)
    originals = [d for d in documents if d["status"] != "duplicate"]
    print(f"\n{UPLOADS} concurrent uploads of one content: {len(originals)} original, "
          f"{statuses.count('duplicate')} duplicates")
    assert len(originals) == 1 and statuses.count("duplicate") == UPLOADS - 1
    assert {d["duplicate_of"] for d in documents if d["status"] == "duplicate"} == {originals[0]["id"]}
    with session_scope() as session:
        claims = session.scalar(select(func.count()).select_from(Document)
                                .where(Document.original_sha256 == hashlib.sha256(data).hexdigest()))
    assert claims == 1
