"""`make demo`: run the whole system locally and push the five sample reports through it.

Starts `reportflow dev` (embedded Redis and SeaweedFS, SQLite, API, one worker per queue) in the background,
waits for /healthz, uploads tests/data/reports/*.txt in one batch through the API, polls until every document
is finished, prints their status and indicator tables, and stops the dev system — also on failure or Ctrl-C.
The data dir (default var/demo) is the demo's own scratch space and is emptied first, so every run processes
the reports afresh.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from services.cli.client import Api, ApiError
from services.cli.dev import DevProcess, DevProcessError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "reports"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="API port (default 8000, or a free one if busy)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "demo")
    parser.add_argument("--metrics", type=int, default=12, help="indicators shown per report (0: all)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the batch")
    parser.add_argument("reports", nargs="*", type=Path, help="report files (default: the five samples)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console()
    reports = args.reports or sorted(SAMPLES.glob("*.txt"))
    shutil.rmtree(args.data_dir, ignore_errors=True)
    dev = DevProcess(args.data_dir, args.port)
    console.print(f"[bold]starting[/bold] reportflow dev on {dev.api_url} (data {args.data_dir}, "
                  f"log {dev.log_path}) …")
    started = time.monotonic()
    try:
        dev.start()
        dev.wait_healthy()
        console.print(f"system ready in {time.monotonic() - started:.1f}s")
        with Api(dev.api_url) as client:
            run_batch(console, client, reports, args.timeout, args.metrics, lambda: dev.alive)
    except (DevProcessError, ApiError) as exc:
        console.print(f"[red]✗ {exc}[/red]")
        return 1
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        return 130
    finally:
        code = dev.stop()
        console.print(f"reportflow dev stopped (exit code {code}).")
    return 0


def run_batch(console: Console, client: Api, reports: list[Path], timeout: float, shown: int,
              alive) -> None:
    accepted = client.upload_paths(reports)
    batch_id = accepted["batch_id"]
    console.print(f"uploaded {len(reports)} reports as batch {batch_id}; processing …")
    started = time.monotonic()
    batch = client.wait_finished(batch_id, timeout, alive=alive)
    console.print(f"batch finished in {time.monotonic() - started:.1f}s: {batch['counts']}")
    console.print(status_table(client, batch))
    for document in batch["documents"]:
        if document["status"] in ("done", "duplicate"):
            console.print(metric_table(document["filename"], client.metrics(document["id"]), shown))
    if batch["counts"].get("done", 0) + batch["counts"].get("duplicate", 0) != batch["total"]:
        raise DevProcessError(f"not every report was processed: {batch['counts']}")


def status_table(client: Api, batch: dict) -> Table:
    table = Table("report", "status", "clean/section/extract s", "headings", "indicators", "error",
                  title=f"batch {batch['id']}", title_justify="left")
    for document in batch["documents"]:
        detail = client.document(document["id"])
        seconds = {stage["stage"]: stage["seconds"] for stage in detail["stages"]}
        finished = document["status"] in ("done", "duplicate")
        headings = len(client.sections(document["id"])) if finished else ""
        indicators = len(client.metrics(document["id"])) if finished else ""
        timings = " / ".join(f"{seconds[s]:.2f}" if seconds.get(s) is not None else "–"
                             for s in ("clean", "section", "extract"))
        table.add_row(document["filename"], document["status"], timings, str(headings), str(indicators),
                      detail["error"] or "")
    return table


def metric_table(filename: str, metrics: list[dict], shown: int) -> Table:
    rows = metrics if shown <= 0 else metrics[:shown]
    more = f" (first {len(rows)} of {len(metrics)})" if len(rows) < len(metrics) else ""
    table = Table("indicator", "value", "unit", "change", "kind", "year", "section",
                  title=f"{filename}: indicators{more}", title_justify="left")
    for m in rows:
        value = "—" if m["value"] is None else f"{m['value']:,.12g}"
        if m.get("value_max") is not None:
            value += f"–{m['value_max']:,.12g}"
        table.add_row(m["name"], ("≈" if m["approx"] else "") + value, m["unit"], m["change"] or "", m["kind"],
                      str(m["year"] or ""), m["section"] or "")
    return table


if __name__ == "__main__":
    sys.exit(main())
