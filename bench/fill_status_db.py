"""Fill a database with many processed documents, fast, for the status-read benchmark and the plan tests.

The schema comes from the migrations (`reportflow migrate`), the rows from the project's own tables
(shared.db.models) through SQLAlchemy Core bulk inserts: batches, documents (mostly done; some failed, rejected
or duplicates of an earlier upload), three stage runs per processed document and its metrics. The metrics are real
ones: the analysis core is run on reports of the full corpus, and every generated document takes a run of about
20 consecutive metrics of one of them (so names, units and sections look like a real collection).

    .venv/bin/python bench/fill_status_db.py --sqlite /tmp/status.db               # 100k documents, ~2M metrics
    .venv/bin/python bench/fill_status_db.py --postgres postgresql+psycopg://postgres@127.0.0.1/status --documents 20000

One batch is large (--big-batch documents, for deep pages within a batch); the others hold --batch-size each.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, make_url, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.db.migrate import upgrade  # noqa: E402
from shared.db.models import Batch, Document, MetricRow, RunStatus, Stage, StageRun, Status  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "full" / "docs"
DEV_REPORTS = ROOT / "tests" / "data" / "reports"
CHUNK = 5000  # rows per executemany
METRIC_COLUMNS = [c.name for c in MetricRow.__table__.columns if c.name not in ("id", "document_id", "position")]
# share of the documents by final status (the rest are done); a failed one failed at extract
FAILED, REJECTED, DUPLICATE = 0.02, 0.01, 0.02


@dataclass(frozen=True)
class Filled:
    documents: int
    metrics: int
    batches: int
    big_batch: str  # id of the large batch
    seconds: float


def metric_pool(reports: list[Path]) -> list[list[dict]]:
    """Each report's metrics (as table rows without ids), by the analysis core."""
    from services.analyze import analyze_path

    pool = []
    for path in reports:
        metrics = analyze_path(path).metrics
        rows = [{k: v for k, v in asdict(m).items() if k in METRIC_COLUMNS} for m in metrics]
        if rows:
            pool.append(rows)
    return pool


def default_reports(count: int) -> list[Path]:
    return sorted(DEV_REPORTS.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))[:count]


def _chunks(rows: Iterator[dict]) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def fill(engine: Engine, pool: list[list[dict]], documents: int, batch_size: int = 100, big_batch: int = 20_000,
         metrics_per_document: int = 22, seed: int = 11) -> Filled:
    """Add ``documents`` documents (in batches) with their runs and metrics to the migrated database."""
    rng = random.Random(seed)
    started = time.perf_counter()
    start = datetime.now(UTC) - timedelta(days=30)
    big = min(big_batch, documents)
    sizes = [big] + [batch_size] * ((documents - big) // batch_size)
    if sum(sizes) < documents:
        sizes.append(documents - sum(sizes))
    batches = [{"id": _uuid(rng), "created_at": start + timedelta(seconds=i * 20)} for i in range(len(sizes))]
    counts = {"documents": 0, "metrics": 0}
    originals: list[tuple[str, str]] = []  # (id, sha256) of done documents, for duplicates to point at
    clock = 0

    def document_rows() -> Iterator[tuple[dict, list[dict], list[dict]]]:
        nonlocal clock
        for batch, size in zip(batches, sizes, strict=True):
            for _ in range(size):
                clock += 1
                at = batch["created_at"] + timedelta(milliseconds=clock % 20_000)
                document_id = _uuid(rng)
                roll = rng.random()
                sha = hashlib.sha256(document_id.encode()).hexdigest()
                row = {"id": document_id, "batch_id": batch["id"], "filename": f"report-{clock:06d}.txt",
                       "sha256": sha, "size": rng.randint(1_000, 200_000), "content_type": "text/plain",
                       "object_key": f"originals/{sha}", "status": Status.DONE, "stage": None, "error": None,
                       "duplicate_of": None, "original_sha256": sha, "redeliveries": 0, "created_at": at,
                       "updated_at": at + timedelta(seconds=3)}
                if roll < REJECTED:
                    row.update(status=Status.REJECTED, error="unsupported file type", original_sha256=None,
                               object_key=None)
                    yield row, [], []
                    continue
                if roll < REJECTED + DUPLICATE and originals:
                    original_id, original_sha = rng.choice(originals)
                    row.update(status=Status.DUPLICATE, sha256=original_sha, duplicate_of=original_id,
                               original_sha256=None, object_key=f"originals/{original_sha}")
                    yield row, [], []
                    continue
                failed = roll < REJECTED + DUPLICATE + FAILED
                if failed:
                    row.update(status=Status.FAILED, stage=Stage.EXTRACT, error="extract: no text left",
                               original_sha256=None)
                else:
                    originals.append((document_id, sha))
                runs = [{"document_id": document_id, "stage": stage, "attempt": 1, "started_at": at,
                         "finished_at": at + timedelta(seconds=1), "worker": "fill",
                         "status": RunStatus.FAILED if failed and stage == Stage.EXTRACT else RunStatus.DONE}
                        for stage in Stage]
                metrics = [] if failed else _metrics(rng, pool, document_id, metrics_per_document)
                yield row, runs, metrics

    with engine.begin() as connection:
        connection.execute(insert(Batch), batches)
        pending: dict[str, list[dict]] = {"documents": [], "runs": [], "metrics": []}

        def flush() -> None:
            for key, table in (("documents", Document), ("runs", StageRun), ("metrics", MetricRow)):
                if pending[key]:
                    connection.execute(insert(table), pending[key])
                    pending[key] = []

        for row, runs, metrics in document_rows():
            pending["documents"].append(row)
            pending["runs"].extend(runs)
            pending["metrics"].extend(metrics)
            counts["documents"] += 1
            counts["metrics"] += len(metrics)
            if len(pending["metrics"]) >= CHUNK * 4:
                flush()
        flush()
    analyze(engine)
    return Filled(counts["documents"], counts["metrics"], len(batches), batches[0]["id"],
                  time.perf_counter() - started)


def _metrics(rng: random.Random, pool: list[list[dict]], document_id: str, mean: int) -> list[dict]:
    source = rng.choice(pool)
    length = max(1, min(len(source), int(rng.triangular(1, 2 * mean, mean))))
    first = rng.randrange(0, len(source) - length + 1)
    return [{**m, "document_id": document_id, "position": i} for i, m in enumerate(source[first:first + length])]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def analyze(engine: Engine) -> None:
    """Planner statistics, as PostgreSQL's autovacuum keeps them after a large load; SQLite is left without any
    (the service never runs ANALYZE on it), so its plans here are the ones a real installation gets."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def fresh_engine(url: str) -> Engine:
    """Migrate ``url`` to head and return an engine for loading it (SQLite: no fsync while loading)."""
    upgrade(url)
    engine = create_engine(url)
    if make_url(url).get_backend_name() == "sqlite":
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _fast(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=OFF")
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="a new SQLite file")
    where.add_argument("--postgres", help="URL of an empty PostgreSQL database")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--big-batch", type=int, default=20_000)
    parser.add_argument("--reports", type=int, default=60, help="corpus reports whose metrics are drawn from")
    args = parser.parse_args()
    if args.sqlite and args.sqlite.exists():
        parser.error(f"{args.sqlite} exists: give a new file")
    url = f"sqlite:///{args.sqlite}" if args.sqlite else args.postgres
    pool = metric_pool(default_reports(args.reports))
    print(f"metric pool: {len(pool)} reports, {sum(map(len, pool))} metrics, "
          f"{len({m['name'] for rows in pool for m in rows})} distinct names")
    filled = fill(fresh_engine(url), pool, args.documents, args.batch_size, args.big_batch)
    print(f"{filled.documents} documents, {filled.metrics} metrics, {filled.batches} batches "
          f"(large batch {filled.big_batch}) in {filled.seconds:.1f} s")


if __name__ == "__main__":
    main()
