"""Status and metric-search reads at scale: p50/p95/p99 of every read endpoint on a filled database.

Fill the databases first (bench/fill_status_db.py: 100k documents, ~2M metrics), then:

    .venv/bin/python bench/status_reads.py --sqlite /tmp/status.db
    .venv/bin/python bench/status_reads.py --postgres postgresql+psycopg://postgres@127.0.0.1/status
    .venv/bin/python bench/status_reads.py --sqlite /tmp/status.db --write-load    # + reads while workers write

Each database gets its own API process (uvicorn, as `reportflow dev` runs it, on a free loopback port); every
endpoint is asked --requests times over one keep-alive connection after a short warm-up, on its first page and
on a deep page (a keyset cursor 90% of the way through the documents, or through the large batch). The offset
pages (`page=`, `offset=`) are timed apart at the deepest the API answers (MAX_OFFSET rows in). With --write-load (SQLite) writer
processes replace metric rows and move documents on, as the stage workers do, while the reads are timed again.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.ingest.api.cursors import MAX_OFFSET, Key  # noqa: E402
from shared.db.models import Batch, Document, MetricRow, Status, utcnow  # noqa: E402
from shared.db.session import get_sessionmaker, session_scope  # noqa: E402
from shared.embedded import free_port  # noqa: E402


@dataclass(frozen=True)
class Read:
    label: str
    path: str
    params: dict | None = None
    body: dict | None = None  # POST with this JSON


@dataclass(frozen=True)
class Figures:
    p50: float
    p95: float
    p99: float
    worst: float
    status: int
    rows: int
    cpu: float = 0.0  # mean CPU milliseconds of the API process per request (contention does not inflate it)


def sample_ids(url: str) -> dict:
    """Ids the reads ask for, read straight from the database."""
    with get_sessionmaker(url, read_only=True)() as session:
        big = session.execute(select(Document.batch_id, func.count()).group_by(Document.batch_id)
                              .order_by(func.count().desc()).limit(1)).one()[0]
        small = session.scalars(select(Batch.id).where(Batch.id != big).order_by(Batch.created_at.desc())).first()
        total = session.scalar(select(func.count()).select_from(Document))
        deep = session.execute(select(Document.created_at, Document.id).order_by(Document.created_at, Document.id)
                               .offset(int(total * 0.9)).limit(1)).one()
        batch_total = session.scalar(select(func.count()).where(Document.batch_id == big))
        batch_deep = session.execute(select(Document.created_at, Document.id).where(Document.batch_id == big)
                                     .order_by(Document.created_at, Document.id)
                                     .offset(int(batch_total * 0.9)).limit(1)).one()
        done = session.scalars(select(Document.id).where(Document.status == Status.DONE)
                               .order_by(Document.created_at.desc()).limit(200)).all()
        shas = session.scalars(select(Document.sha256).order_by(Document.created_at).limit(100)).all()
    return {"big": big, "small": small, "deep": Key(*deep).encode(), "batch_deep": Key(*batch_deep).encode(),
            "batch_size": batch_total, "done": done, "shas": shas, "documents": total}


def reads(ids: dict) -> list[Read]:
    done = ids["done"][0]
    big, deep, batch_deep = ids["big"], ids["deep"], ids["batch_deep"]
    return [
        Read("metrics name=面积, first page", "/v1/metrics", {"name": "面积"}),
        Read("metrics name=面积, deep page", "/v1/metrics", {"name": "面积", "after": deep}),
        Read("metrics name=产值 unit=亿元, first", "/v1/metrics", {"name": "产值", "unit": "亿元"}),
        Read("metrics kind=target year=2024, deep", "/v1/metrics", {"kind": "target", "year": 2024, "after": deep}),
        Read("metrics no filter, deep page", "/v1/metrics", {"after": deep}),
        Read("metrics name=<no match>, first page", "/v1/metrics", {"name": "没有这个指标"}),
        Read("metrics name=<no match>, deep page", "/v1/metrics", {"name": "没有这个指标", "after": deep}),
        Read("metrics batch=<large> name=面积, first", "/v1/metrics", {"batch": big, "name": "面积"}),
        Read("metrics batch=<large>, deep page", "/v1/metrics", {"batch": big, "after": batch_deep}),
        Read("batch <large>, first page", f"/v1/batches/{big}"),
        Read("batch <large>, deep page", f"/v1/batches/{big}", {"after": batch_deep}),
        Read("batch <small>", f"/v1/batches/{ids['small']}"),
        Read("document status", f"/v1/documents/{done}"),
        Read("document metrics", f"/v1/documents/{done}/metrics"),
        Read("lookup 100 sha256", "/v1/documents/lookup", body={"sha256": ids["shas"]}),
        Read("dashboard /", "/"),
        # the peer: the least a request can cost here (one primary-key miss, a 404), to tell the machine's noise
        Read("peer: unknown batch (404)", "/v1/batches/no-such-batch"),
    ]


def legacy_reads(ids: dict) -> list[Read]:
    return [
        # the deepest offset pages the API answers (services.ingest.api.cursors.MAX_OFFSET); deeper ones are refused
        Read(f"offset metrics name=面积 page={MAX_OFFSET // 50 + 1}", "/v1/metrics",
             {"name": "面积", "page": MAX_OFFSET // 50 + 1}),
        Read(f"offset metrics page={MAX_OFFSET // 50 + 1}", "/v1/metrics", {"page": MAX_OFFSET // 50 + 1}),
        Read(f"offset batch <large> offset={MAX_OFFSET}", f"/v1/batches/{ids['big']}", {"offset": MAX_OFFSET}),
    ]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client: httpx.Client, read: Read, requests: int, warmup: int = 3, pid: int | None = None) -> Figures:
    times, response, cpu_start = [], None, 0.0
    for i in range(warmup + requests):
        if i == warmup and pid:
            cpu_start = cpu_seconds(pid)
        started = time.perf_counter()
        if read.body is not None:
            response = client.post(read.path, json=read.body)
        else:
            response = client.get(read.path, params=read.params)
        response.read()
        if i >= warmup:
            times.append((time.perf_counter() - started) * 1000)
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    rows = len(body.get("metrics", body.get("documents", []))) if isinstance(body, dict) else 0
    cpu = (cpu_seconds(pid) - cpu_start) * 1000 / requests if pid else 0.0
    return _figures(times, response.status_code, rows, cpu)


def _figures(times: list[float], status: int = 200, rows: int = 0, cpu: float = 0.0) -> Figures:
    times = sorted(times)
    cut = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return Figures(cut[49], cut[94], cut[98], times[-1], status, rows, cpu)


class Api:
    """The API in its own process on a free loopback port, as `reportflow dev` starts it."""

    def __init__(self, url: str) -> None:
        self.port = free_port()
        env = {**os.environ, "REPORTFLOW_DATABASE_URL": url, "REPORTFLOW_AUTH": "none",
               # nothing here talks to the broker or the object store; point them at closed loopback ports
               "REPORTFLOW_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
               "REPORTFLOW_S3_ENDPOINT": f"127.0.0.1:{free_port()}"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "services.ingest.main:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning"], env=env, cwd=ROOT)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=120)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.client.get("/v1/metrics", params={"per_page": 1})
                return
            except httpx.TransportError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("the API did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(10)


def write_load(url: str, documents: list[str], stop, done_count) -> None:
    """What a stage worker does to the database, as fast as one process can: replace a document's metrics and
    move it on, one write transaction (BEGIN IMMEDIATE on SQLite) per stage finished."""
    rng = random.Random(os.getpid())
    with get_sessionmaker(url, read_only=True)() as session:
        template = [dict(row._mapping) for row in session.execute(
            select(MetricRow.__table__).where(MetricRow.document_id == documents[0]))]
    while not stop.is_set():
        document_id = rng.choice(documents)
        rows = [{**{k: v for k, v in r.items() if k != "id"}, "document_id": document_id} for r in template]
        with session_scope(url) as session:
            session.execute(MetricRow.__table__.delete().where(MetricRow.document_id == document_id))
            if rows:
                session.execute(MetricRow.__table__.insert(), rows)
            session.execute(Document.__table__.update().where(Document.id == document_id)
                            .values(updated_at=utcnow()))
        with done_count.get_lock():
            done_count.value += 1


def print_table(title: str, results: list[tuple[Read, Figures]], target: float | None, column: str = "p95",
                peer: Figures | None = None) -> None:
    """One line per read; ×peer is its p50 over the peer's p50 measured in the same run (the machine's noise
    divides out), cpu the API process's mean CPU ms per request (for SQLite that is the query's whole cost;
    PostgreSQL's own work is in its server process), ok compares the ``column`` with the target."""
    print(f"\n{title}")
    print(f"{'read':44} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'×peer':>6} {'cpu':>6}  rows  ok")
    for read, f in results:
        value = getattr(f, column)
        mark = "" if target is None else ("yes" if value <= target else "NO")
        ratio = f"{f.p50 / peer.p50:6.1f}" if peer else f"{'':6}"
        print(f"{read.label:44} {f.p50:8.1f} {f.p95:8.1f} {f.p99:8.1f} {f.worst:8.1f} {ratio} {f.cpu:6.1f}  "
              f"{f.rows:4d}  {mark}"
              f"{'' if f.status < 400 else f'  HTTP {f.status}'}")


def run(url: str, name: str, target: float, requests: int, legacy: int, with_writes: bool, writers: int) -> None:
    ids = sample_ids(url)
    print(f"\n== {name}: {ids['documents']} documents, large batch {ids['batch_size']} documents "
          f"(milliseconds per request, {requests} requests each)")
    api = Api(url)
    try:
        results = [(read, measure(api.client, read, requests, pid=api.process.pid)) for read in reads(ids)]
        peer = results[-1][1]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print_table(f"{name}: p95 target ≤ {target:g} ms", results, target, peer=peer)
        if legacy:
            print_table(f"{name}: the deepest offset pages answered ({MAX_OFFSET} rows in; deeper ones are refused), "
                        f"{legacy} requests each", [(read, measure(api.client, read, legacy, warmup=1,
                                                                   pid=api.process.pid))
                                                    for read in legacy_reads(ids)], target, peer=peer)
        if with_writes:
            under_load(api, url, ids, requests, writers, peer)
    finally:
        api.stop()


def under_load(api: Api, url: str, ids: dict, requests: int, writers: int, peer: Figures) -> None:
    stop = multiprocessing.Event()
    count = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=write_load, args=(url, ids["done"], stop, count))
                 for _ in range(writers)]
    for process in processes:
        process.start()
    time.sleep(1.0)
    started, before = time.perf_counter(), count.value
    try:
        chosen = [r for r in reads(ids) if r.label in ("document status", "batch <small>", "document metrics",
                                                        "metrics name=面积, first page", "batch <large>, deep page",
                                                        "metrics name=面积, deep page",
                                                        "peer: unknown batch (404)")]
        results = [(read, measure(api.client, read, requests, pid=api.process.pid)) for read in chosen]
    finally:
        stop.set()
        for process in processes:
            process.join(30)
    rate = (count.value - before) / (time.perf_counter() - started)
    print_table(f"reads under write load ({writers} writer processes, {rate:.0f} write transactions/s): "
                f"p99 target ≤ 30 ms; ×peer: over the idle peer", results, 30.0, column="p99", peer=peer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", type=Path, help="a filled SQLite file")
    parser.add_argument("--postgres", help="URL of a filled PostgreSQL database")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--legacy", type=int, default=50, help="requests per offset page (0: skip them)")
    parser.add_argument("--write-load", action="store_true", help="also time reads while writers run (SQLite)")
    parser.add_argument("--writers", type=int, default=3)
    args = parser.parse_args()
    if not args.sqlite and not args.postgres:
        parser.error("give --sqlite and/or --postgres")
    if args.sqlite:
        run(f"sqlite:///{args.sqlite}", "SQLite", 30.0, args.requests, args.legacy, args.write_load, args.writers)
    if args.postgres:
        run(args.postgres, "PostgreSQL", 20.0, args.requests, args.legacy, False, args.writers)


if __name__ == "__main__":
    main()
