"""End-to-end throughput: reports per second through API, object store, queues, workers and database.

Starts the system as `reportflow dev` does (embedded Redis and SeaweedFS, SQLite in a fresh data dir, or the
PostgreSQL given with --postgres), once per configuration of workers, uploads the dev reports × --copies (each
copy made distinct by an appended comment line, so de-duplication does not skip any), waits until every document
is finished and prints reports per second for each configuration.

    .venv/bin/python bench/e2e_throughput.py                       # 250 reports, 1×1 and 1×2 workers per queue
    .venv/bin/python bench/e2e_throughput.py --configs 1x1,2x1 --copies 20
    .venv/bin/python bench/e2e_throughput.py --postgres postgresql+psycopg://u:p@127.0.0.1/reportflow

A configuration PxC runs P worker processes per queue, each with C pool processes (`--concurrency C`).
The first documents a worker handles load dictionaries and models, so each run starts with an untimed warm-up
batch (the five reports once).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from services.cli.client import Api
from services.devserver import DevSystem
from shared.embedded import free_port
from shared.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "tests" / "data" / "reports").glob("*.txt"))


@dataclass
class Result:
    config: str
    documents: int
    upload_seconds: float
    total_seconds: float
    counts: dict[str, int]
    stage_seconds: dict[str, float]  # median seconds per document per stage
    load: float  # 1-minute load average when the run finished (other processes compete for the cores)

    @property
    def per_second(self) -> float:
        return self.documents / self.total_seconds


def distinct_copies(copies: int, tag: str) -> list[tuple[str, bytes]]:
    """Every sample `copies` times, each copy with its own trailing comment line (distinct bytes)."""
    files = []
    for index in range(copies):
        for sample in SAMPLES:
            body = sample.read_bytes().rstrip(b"\n") + f"\n<!-- bench {tag} copy {index} -->\n".encode()
            files.append((f"{sample.stem}-{index:03d}.txt", body))
    return files


def run_config(console: Console, config: str, copies: int, batch_size: int, postgres: str | None,
               timeout: float) -> Result:
    processes, concurrency = (int(n) for n in config.lower().split("x"))
    run_tag = f"{config}-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="reportflow-bench-") as data_dir:
        settings = Settings(DATABASE_URL=postgres) if postgres else Settings()
        system = DevSystem(settings, data_dir=Path(data_dir), api_port=free_port(),
                           workers_per_queue=processes, concurrency=concurrency, console=console)
        console.print(f"[bold]{config}[/bold]: starting {processes} worker process(es) × concurrency "
                      f"{concurrency} per queue …")
        system.start()
        try:
            with Api(system.api_url, timeout=300) as client:
                warmup = client.upload(distinct_copies(1, f"warmup-{run_tag}"))
                client.wait_finished(warmup["batch_id"], timeout)
                files = distinct_copies(copies, run_tag)
                started = time.perf_counter()
                batch_ids = [client.upload(files[i:i + batch_size])["batch_id"]
                             for i in range(0, len(files), batch_size)]
                uploaded = time.perf_counter()
                batches = [client.wait_finished(batch_id, timeout, poll=0.25) for batch_id in batch_ids]
                finished = time.perf_counter()
                counts: dict[str, int] = {}
                for batch in batches:
                    for status, n in batch["counts"].items():
                        counts[status] = counts.get(status, 0) + n
                documents = [d for b in batches for d in b["documents"]]
                stage_seconds = _stage_medians(client, [d["id"] for d in documents][::10])
                errors = {d["error"] for d in documents if d["status"] != "done"}
        finally:
            system.stop()
    result = Result(config, len(files), uploaded - started, finished - started, counts, stage_seconds,
                    os.getloadavg()[0])
    for error in sorted(errors, key=str)[:5]:
        console.print(f"  [red]not done:[/red] {error}")
    console.print(f"  {result.documents} reports in {result.total_seconds:.1f}s "
                  f"(upload {result.upload_seconds:.1f}s): {result.per_second:.2f} reports/s, {counts}")
    return result


def _stage_medians(client: Api, sample_ids: list[str]) -> dict[str, float]:
    per_stage: dict[str, list[float]] = {}
    for document_id in sample_ids:
        for stage in client.document(document_id)["stages"]:
            if stage["seconds"] is not None:
                per_stage.setdefault(stage["stage"], []).append(stage["seconds"])
    return {stage: statistics.median(values) for stage, values in per_stage.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50, help="copies of each of the five reports (default 50)")
    parser.add_argument("--configs", default="1x1,1x2",
                        help="comma-separated PxC: P worker processes per queue × C pool processes each")
    parser.add_argument("--batch-size", type=int, default=50, help="documents per upload request")
    parser.add_argument("--postgres", metavar="URL", help="use this PostgreSQL database instead of SQLite")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for one configuration")
    args = parser.parse_args(argv)

    console = Console()
    if not console.is_terminal:
        console = Console(width=140)  # a log file: no wrapping of the result table
    database = "PostgreSQL" if args.postgres else "SQLite"
    results = [run_config(console, config.strip(), args.copies, args.batch_size, args.postgres, args.timeout)
               for config in args.configs.split(",")]
    table = Table("workers per queue", "reports", "upload s", "total s", "reports/s",
                  "median clean/section/extract s", "load avg", "statuses",
                  title=f"end-to-end throughput ({database}, embedded Redis + SeaweedFS)", title_justify="left")
    for r in results:
        stages = " / ".join(f"{r.stage_seconds.get(s, float('nan')):.3f}" for s in ("clean", "section", "extract"))
        table.add_row(r.config, str(r.documents), f"{r.upload_seconds:.1f}", f"{r.total_seconds:.1f}",
                      f"{r.per_second:.2f}", stages, f"{r.load:.1f}", str(r.counts))
    console.print(table)
    return 0 if all(r.counts.get("done", 0) == r.documents for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
