"""Every query of the status and metric-search reads is served by an index, on SQLite and PostgreSQL.

A database filled as bench/fill_status_db.py fills it (real metrics of the dev reports, many documents) is read
through the API; each SELECT the routes send is captured and explained with its own parameters (SQLite
``EXPLAIN QUERY PLAN`` as the service runs it, without statistics; PostgreSQL ``EXPLAIN`` after ANALYZE, with
sequential reads priced out), and no plan may read a whole documents, metrics or stage_runs table, nor sort a
page of a listing that the upload-order index already orders. bench/status_reads.py times the same reads at
100k documents.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from services.ingest.main import create_app
from shared.db.models import Document, Status
from shared.db.session import get_engine, get_sessionmaker
from shared.embedded import free_port
from shared.settings import Settings
from tests.services.throwaway_postgres import throwaway_postgres

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS, BIG_BATCH, BATCH_SIZE = 6000, 1500, 20

# a full read of one of these tables, in either database's words
SQLITE_FULL_SCAN = re.compile(r"\bSCAN (metrics|documents|listed|stage_runs|m)\b(?! USING)")
POSTGRES_FULL_SCAN = re.compile(r"Seq Scan on (metrics|documents|stage_runs)\b")
SQLITE_SORT = "USE TEMP B-TREE FOR ORDER BY"


def _fill_module():
    """bench/fill_status_db.py (bench/ is scripts, not a package)."""
    if "fill_status_db" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fill_status_db", ROOT / "bench" / "fill_status_db.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["fill_status_db"] = module
        spec.loader.exec_module(module)
    return sys.modules["fill_status_db"]


@pytest.fixture(scope="module")
def metric_pool() -> list[list[dict]]:
    fill = _fill_module()
    return fill.metric_pool(sorted(fill.DEV_REPORTS.glob("*.txt")))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled(request, metric_pool, tmp_path_factory) -> Iterator[dict]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'plans.db'}"
        yield _filled(url, metric_pool)
        get_engine(url).dispose()
    else:
        for url in throwaway_postgres("reportflow_plans"):
            yield _filled(url, metric_pool)


def _filled(url: str, pool: list[list[dict]]) -> dict:
    fill = _fill_module()
    done = fill.fill(fill.fresh_engine(url), pool, DOCUMENTS, batch_size=BATCH_SIZE, big_batch=BIG_BATCH)
    with get_sessionmaker(url, read_only=True)() as session:
        document = session.scalars(select(Document.id).where(Document.status == Status.DONE)
                                   .order_by(Document.created_at.desc()).limit(1)).one()
        shas = session.scalars(select(Document.sha256).limit(50)).all()
    settings = Settings(DATABASE_URL=url, BROKER_URL=f"redis://127.0.0.1:{free_port()}/0",
                        S3_ENDPOINT=f"127.0.0.1:{free_port()}")
    return {"url": url, "client": TestClient(create_app(settings)), "big": done.big_batch,
            "document": document, "shas": shas}


class Statements:
    """The SELECTs sent to the database while the block runs, with their parameters."""

    def __init__(self, url: str) -> None:
        self.engine = get_engine(url)
        self.seen: list[tuple[str, object]] = []

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.seen.append((statement, parameters))

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def plan(engine, statement: str, parameters) -> str:
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        if engine.dialect.name == "postgresql":
            # the tables here are small enough that a sequential read is PostgreSQL's cheapest choice for a
            # fifth of a table (the dashboard's latest batches); with sequential reads priced out the plan
            # shows whether an index can serve the query (without one it still reads the table)
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(explain + statement, parameters)
        rows = cursor.fetchall()
        connection.rollback()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def _reads(filled: dict) -> list[tuple[str, str, dict | None]]:
    client, big = filled["client"], filled["big"]
    first = client.get("/v1/metrics", params={"name": "面积"}).json()
    assert first["metrics"] and first["next"], "the filled database has metrics named …面积…"
    batch_first = client.get(f"/v1/batches/{big}", params={"limit": 50}).json()
    return [
        ("GET", "/v1/metrics", {"name": "面积"}),
        ("GET", "/v1/metrics", {"name": "面积", "after": first["next"]}),
        ("GET", "/v1/metrics", {"name": "没有这个指标"}),
        ("GET", "/v1/metrics", {"kind": "target", "unit": "万元", "year": 2024}),
        ("GET", "/v1/metrics", {"batch": big, "name": "面积"}),
        ("GET", f"/v1/batches/{big}", {"limit": 50}),
        ("GET", f"/v1/batches/{big}", {"limit": 50, "after": batch_first["next"]}),
        ("GET", f"/v1/documents/{filled['document']}", None),
        ("GET", f"/v1/documents/{filled['document']}/metrics", None),
        ("POST", "/v1/documents/lookup", {"sha256": filled["shas"]}),
        ("GET", "/", None),
    ]


def test_every_read_query_uses_an_index(filled):
    engine = get_engine(filled["url"])
    problems, explained = [], 0
    for method, path, params in _reads(filled):
        with Statements(filled["url"]) as statements:
            if method == "POST":
                response = filled["client"].post(path, json=params)
            else:
                response = filled["client"].get(path, params=params)
        assert response.status_code == 200, (path, response.text)
        assert statements.seen, f"{path} sent no SELECT"
        for statement, parameters in statements.seen:
            text = plan(engine, statement, parameters)
            explained += 1
            full_scan = (SQLITE_FULL_SCAN if engine.dialect.name == "sqlite" else POSTGRES_FULL_SCAN).search(text)
            # a page of a listing (LIMIT) comes in index order; a few rows found by an index (one document's
            # runs, the documents of the digests looked up) may be sorted
            listing = "LIMIT" in statement and "GROUP BY" not in statement
            if full_scan or (listing and SQLITE_SORT in text):
                problems.append(f"{method} {path} {str(params)[:200]}:\n{statement}\n--\n{text}")
    assert explained >= len(_reads(filled))
    assert not problems, "\n\n".join(problems)


def test_a_keyset_page_continues_where_the_last_ended(filled):
    """Following `next` lists the same metrics, in the same order, as the older page numbers."""
    client = filled["client"]
    by_cursor, params = [], {"name": "面积", "per_page": 40}
    while len(by_cursor) < 200:  # a page may come back short when its scan window ended first
        body = client.get("/v1/metrics", params=params).json()
        by_cursor += body["metrics"]
        assert body["more"] and body["next"]
        params = {"name": "面积", "per_page": 40, "after": body["next"]}
    by_cursor = by_cursor[:200]
    by_page = [m for page in range(1, 6)
               for m in client.get("/v1/metrics", params={"name": "面积", "per_page": 40, "page": page}).json()["metrics"]]
    assert len(by_cursor) == 200 and by_cursor == by_page
