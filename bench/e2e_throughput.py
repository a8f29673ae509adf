"""End-to-end throughput: reports per second through API, object store, queues, workers and database.

One run prints, for SQLite and PostgreSQL: reports/s for 1 KB and 30 KB reports, each with the analysis and
with the analysis replaced by a lookup (bench/lookup_stage_app.py: what the system costs besides the analysis
core), the CPU milliseconds per document summed over every process of the system (API, workers and their pool
processes, reconciler, Redis, SeaweedFS, and the PostgreSQL backends of its database), the median recorded
seconds per stage, and ingest files/s with the API alone (no workers) for 1 KB files in requests of 100.

The system runs as `reportflow dev` runs it (services.devserver: embedded Redis and SeaweedFS, a fresh SQLite
file or a throwaway database on the PostgreSQL at 127.0.0.1:5432, one worker process per queue).

    .venv/bin/python bench/e2e_throughput.py                          # this checkout
    .venv/bin/python bench/e2e_throughput.py --baseline /tmp/main     # and the code in /tmp/main, side by side
    .venv/bin/python bench/e2e_throughput.py --databases sqlite --sizes 1 --reports 200

With --baseline (a checkout or `git archive main | tar -x -C DIR` of another version) every database is
measured on both versions one after the other, and the table shows the ratio: the machine may be noisy, the
ratio of two runs minutes apart less so. Each version runs in a child process of this script with its own
code first on the import path.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
SAMPLES = sorted((ROOT / "tests" / "data" / "reports").glob("*.txt"))
POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"
LOOKUP_PREFIX = "lookup-"  # bench/lookup_stage_app.py looks up the analysis of these documents
MODES = ("lookup", "analysis")


# --- the reports ------------------------------------------------------------------------------------------------

def report_bodies(size_kb: int) -> list[bytes]:
    """Five different reports of about ``size_kb`` KB: the dev reports, each followed by the next ones until long
    enough, cut at the last line or sentence end within the size."""
    texts = [path.read_bytes() for path in SAMPLES]
    bodies = []
    for index in range(len(texts)):
        body, following = b"", index
        while len(body) < size_kb * 1024:
            body += texts[following % len(texts)]
            following += 1
        cut = body[: size_kb * 1024].decode(errors="ignore")  # whole characters
        end = max(cut.rfind("\n"), cut.rfind("。")) + 1  # a whole line or sentence
        bodies.append(cut[:end].encode() + b"\n")
    return bodies


def distinct_copies(bodies: list[bytes], count: int, tag: str, prefix: str = "") -> list[tuple[str, bytes]]:
    """``count`` files cycling through the bodies, each with its own last line (distinct bytes, so
    de-duplication skips none)."""
    return [(f"{prefix}r{index % len(bodies)}-{index:05d}.txt",
             bodies[index % len(bodies)] + f"<!-- bench {tag} {index} -->\n".encode()) for index in range(count)]


# --- one version, one database (the child process) --------------------------------------------------------------

@contextmanager
def database(kind: str, data_dir: Path):
    """The URL of a fresh database, None for SQLite (the dev system makes its own file in the data dir)."""
    if kind == "sqlite":
        yield None
        return
    import psycopg
    from psycopg import sql

    name = f"reportflow_bench_{secrets.token_hex(5)}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        from shared.db.session import get_engine

        get_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}").dispose()
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


class CpuMeter:
    """CPU seconds (user + system) of every process of the system: the descendants of this process, and the
    PostgreSQL backends connected to its database."""

    def __init__(self, database_url: str | None):
        self.database_name = database_url.rsplit("/", 1)[1] if database_url else None

    def _backends(self) -> list[int]:
        if self.database_name is None:
            return []
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            return [pid for (pid,) in admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s",
                                                    (self.database_name,))]

    def sample(self) -> dict[int, tuple[str, float]]:
        """pid → (the process's part of the system, CPU seconds so far)."""
        import psutil

        seconds = {}
        processes = psutil.Process().children(recursive=True)
        for pid in self._backends():
            with suppress(psutil.Error):
                processes.append(psutil.Process(pid))
        for process in processes:
            try:
                times = process.cpu_times()
                seconds[process.pid] = (_role(process.cmdline()), times.user + times.system)
            except psutil.Error:
                pass
        return seconds

    @staticmethod
    def spent(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, float]:
        """CPU seconds spent between two samples by each part of the system."""
        parts: dict[str, float] = {}
        for pid, (role, value) in after.items():
            parts[role] = parts.get(role, 0.0) + value - before.get(pid, (role, 0.0))[1]
        return parts


def _role(argv: list[str]) -> str:
    line = " ".join(argv)
    if "celery" in line and "-Q" in argv:
        return f"worker {argv[argv.index('-Q') + 1]}"
    for needle, role in (("uvicorn", "API"), ("reconcile", "reconciler"), ("redis-server", "Redis"),
                         ("weed", "SeaweedFS"), ("postgres", "PostgreSQL")):
        if needle in line:
            return role
    return "other"


def start_system(settings_url: str | None, data_dir: Path, workers: int, app: str):
    from rich.console import Console

    import services.devserver as devserver
    from shared.embedded import free_port
    from shared.settings import Settings

    plain = devserver.worker_command

    def worker_command(queue: str, concurrency: int = 1, node: str | None = None) -> list[str]:
        argv = plain(queue, concurrency, node)
        argv[argv.index("-A") + 1] = app
        return argv

    devserver.worker_command = worker_command
    settings = Settings(DATABASE_URL=settings_url) if settings_url else Settings()
    system = devserver.DevSystem(settings, data_dir=data_dir, api_port=free_port(), workers_per_queue=workers,
                                 console=Console(stderr=True, quiet=True))
    system.start()
    return system


def api_client():
    """The version's HTTP client: services.cli.client.Api, or services.devclient's before the CLI became one
    package (a --baseline of an older version)."""
    try:
        from services.cli.client import Api
    except ImportError:
        from services.devclient import IngestClient as Api
    return Api


def measure_ingest(kind: str, files: int, per_request: int) -> dict:
    IngestClient = api_client()  # noqa: N806

    with tempfile.TemporaryDirectory(prefix="reportflow-bench-") as tmp, database(kind, Path(tmp)) as url:
        system = start_system(url, Path(tmp), workers=0, app="shared.queue")
        meter = CpuMeter(url or None)
        try:
            with IngestClient(system.api_url, timeout=300) as client:
                bodies = report_bodies(1)
                client.upload(distinct_copies(bodies, per_request, f"warmup-{uuid.uuid4().hex[:6]}"))
                batch = distinct_copies(bodies, files, uuid.uuid4().hex[:8])
                before, started = meter.sample(), time.perf_counter()
                for start in range(0, files, per_request):
                    client.upload(batch[start:start + per_request])
                seconds = time.perf_counter() - started
                parts = CpuMeter.spent(before, meter.sample())
        finally:
            system.stop()
    return {"cell": f"ingest 1 KB ×{per_request}/request (API only)", "unit": "files/s", "count": files,
            "seconds": seconds, "per_second": files / seconds, "cpu_ms": 1000 * sum(parts.values()) / files,
            "cpu_parts_ms": {role: 1000 * value / files for role, value in parts.items()}}


def measure_pipeline(kind: str, sizes: list[int], reports: int, batch_size: int, timeout: float) -> list[dict]:
    IngestClient = api_client()  # noqa: N806

    rows = []
    with tempfile.TemporaryDirectory(prefix="reportflow-bench-") as tmp, database(kind, Path(tmp)) as url:
        system = start_system(url, Path(tmp), workers=1, app="lookup_stage_app")
        meter = CpuMeter(url)
        try:
            with IngestClient(system.api_url, timeout=300) as client:
                for size in sizes:  # warm-up: models loaded, every text's analysis in the lookup cache
                    bodies = report_bodies(size)
                    for prefix in ("", LOOKUP_PREFIX):
                        warm = client.upload(distinct_copies(bodies, len(bodies), f"warmup-{size}-{prefix}", prefix))
                        client.wait_finished(warm["batch_id"], timeout)
                for size in sizes:
                    for mode in MODES:
                        rows.append(_pipeline_cell(client, meter, size, mode, reports, batch_size, timeout))
                        print(f"  {kind} {rows[-1]['cell']}: {rows[-1]['per_second']:.1f} reports/s, "
                              f"{rows[-1]['cpu_ms']:.1f} CPU ms/report", file=sys.stderr)
        finally:
            system.stop()
    return rows


def _pipeline_cell(client, meter: CpuMeter, size: int, mode: str, reports: int, batch_size: int,
                   timeout: float) -> dict:
    prefix = LOOKUP_PREFIX if mode == "lookup" else ""
    files = distinct_copies(report_bodies(size), reports, uuid.uuid4().hex[:8], prefix)
    before, started = meter.sample(), time.perf_counter()
    batch_ids = [client.upload(files[i:i + batch_size])["batch_id"] for i in range(0, len(files), batch_size)]
    batches = [client.wait_finished(batch_id, timeout, poll=0.1) for batch_id in batch_ids]
    seconds = time.perf_counter() - started
    parts = CpuMeter.spent(before, meter.sample())
    documents = [d for b in batches for d in b["documents"]]
    counts: dict[str, int] = {}
    for document in documents:
        counts[document["status"]] = counts.get(document["status"], 0) + 1
    per_stage: dict[str, list[float]] = {}
    for document in documents[::max(1, len(documents) // 40)]:
        for stage in client.document(document["id"])["stages"]:
            if stage["seconds"] is not None:
                per_stage.setdefault(stage["stage"], []).append(stage["seconds"])
    label = "analysis looked up" if mode == "lookup" else "with analysis"
    return {"cell": f"{size} KB, {label}", "unit": "reports/s", "count": reports, "seconds": seconds,
            "per_second": reports / seconds, "cpu_ms": 1000 * sum(parts.values()) / reports, "counts": counts,
            "cpu_parts_ms": {role: 1000 * value / reports for role, value in parts.items()},
            "stage_ms": {stage: 1000 * statistics.median(values) for stage, values in per_stage.items()}}


def child(args) -> int:
    rows = [measure_ingest(args.database, args.ingest_files, args.per_request)] if args.ingest_files else []
    rows += measure_pipeline(args.database, args.sizes, args.reports, args.batch_size, args.timeout)
    Path(args.output).write_text(json.dumps(rows))
    return 0


# --- the driver: every version × database, then one table ------------------------------------------------------

def run_version(tree: Path, kind: str, args) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        output = Path(out.name)
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", "--database", kind, "--output", str(output),
            "--sizes", ",".join(map(str, args.sizes)), "--reports", str(args.reports),
            "--batch-size", str(args.batch_size), "--ingest-files", str(args.ingest_files),
            "--per-request", str(args.per_request), "--timeout", str(args.timeout)]
    # the version's own packages first (before this checkout's editable install), and the lookup app
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(tree), str(BENCH)])}
    print(f"{tree} on {kind} …", file=sys.stderr)
    try:
        subprocess.run(argv, cwd=tree, env=env, check=True)
        return json.loads(output.read_text())
    finally:
        output.unlink(missing_ok=True)


def print_table(results: dict[tuple[str, str], list[dict]], versions: list[tuple[str, Path]], kinds: list[str]):
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=200)
    table = Table(title="end-to-end throughput (embedded Redis + SeaweedFS, one worker process per queue)",
                  title_justify="left")
    table.add_column("database")
    table.add_column("measure")
    for name, _ in versions:
        table.add_column(f"{name}: per s", justify="right")
        table.add_column(f"{name}: CPU ms/doc", justify="right")
        table.add_column(f"{name}: median clean/section/extract ms")
    if len(versions) == 2:
        table.add_column("per s ratio", justify="right")
        table.add_column("CPU ratio", justify="right")
    for kind in kinds:
        cells = [results[name, kind] for name, _ in versions]
        for index, row in enumerate(cells[0]):
            line = [kind, f"{row['cell']} ({row['unit']})"]
            for rows in cells:
                other = rows[index]
                stages = other.get("stage_ms")
                line += [f"{other['per_second']:.1f}", f"{other['cpu_ms']:.1f}",
                         " / ".join(f"{stages.get(s, float('nan')):.1f}" for s in ("clean", "section", "extract"))
                         if stages else ""]
            if len(cells) == 2:
                new, old = cells[0][index], cells[1][index]
                line += [f"{new['per_second'] / old['per_second']:.2f}×", f"{new['cpu_ms'] / old['cpu_ms']:.2f}×"]
            table.add_row(*line)
    console.print(table)
    roles = sorted({role for rows in results.values() for row in rows for role in row.get("cpu_parts_ms", {})})
    parts = Table("version", "database", "measure", *roles, title="CPU ms per document by part of the system",
                  title_justify="left")
    for (name, kind), rows in results.items():
        for row in rows:
            ms = row.get("cpu_parts_ms", {})
            parts.add_row(name, kind, row["cell"], *(f"{ms[role]:.1f}" if role in ms else "" for role in roles))
    console.print(parts)
    console.print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores; other processes compete)")
    for (name, kind), rows in results.items():
        for row in rows:
            if row.get("counts") and set(row["counts"]) != {"done"}:
                console.print(f"[red]{name} {kind} {row['cell']}: not all done: {row['counts']}[/red]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--sizes", default="1,30", type=lambda s: [int(n) for n in s.split(",")],
                        help="report sizes in KB (default 1,30)")
    parser.add_argument("--reports", type=int, default=300, help="reports per measurement (default 300)")
    parser.add_argument("--batch-size", type=int, default=50, help="reports per upload request (default 50)")
    parser.add_argument("--ingest-files", type=int, default=1000, help="files of the API-only ingest (0: skip)")
    parser.add_argument("--per-request", type=int, default=100, help="files per request of the ingest")
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="also measure the code in DIR")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for one measurement")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    kinds = [k.strip() for k in args.databases.split(",")]
    versions = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    results = {}
    for kind in kinds:
        for name, tree in versions:  # one after the other per database: both see about the same machine
            results[name, kind] = run_version(tree, kind, args)
    print_table(results, versions, kinds)
    return 0 if all(set(r.get("counts", {"done": 1})) == {"done"} for rows in results.values() for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
