"""Hostile files uploaded in one batch with real reports: each ends with its own clear error (rejected at
upload or failed in a stage, with the problem named) or done; no worker process dies; every real report is
done; the API process stays flat in memory."""

from __future__ import annotations

import time

import psutil
import pytest
from bulk_testkit import fresh_report
from hostile import HOSTILE
from services_testkit import REPORTS, wait_for_batch

FINISHED_IN = 300  # seconds for the whole batch: one pathological file must not hold the others up for long


def test_hostile_files_fail_alone_with_a_reason(client, workers):
    reports = [(path.name, fresh_report(path.name)) for path in sorted(REPORTS.glob("*.txt"))]
    hostile = {key: (name, make(), declared) for key, (name, make, declared) in HOSTILE.items()}
    files = [("files", (name, data, declared or "application/octet-stream"))
             for name, data, declared in hostile.values()]
    files += [("files", (name, data, "text/plain")) for name, data in reports]
    rss_before = psutil.Process().memory_info().rss
    pids_before = {w.pid: {c.pid for c in psutil.Process(w.pid).children()} for w in workers}
    started = time.monotonic()
    response = client.post("/v1/batches", files=files)
    assert response.status_code == 202, response.text[:500]
    accepted = response.json()["documents"]
    assert len(hostile) >= 100 and len(accepted) >= len(files), "every upload gives at least one document"
    batch = wait_for_batch(client, response.json()["batch_id"], timeout=FINISHED_IN)
    elapsed = time.monotonic() - started
    documents = batch["documents"]

    by_status: dict[str, int] = {}
    for document in documents:
        by_status[document["status"]] = by_status.get(document["status"], 0) + 1
        if document["status"] in ("rejected", "failed", "dead"):
            assert document["error"] and len(document["error"]) > 15, document
            assert "internal error" not in document["error"], document
    report_names = {name for name, _ in reports}
    assert {d["status"] for d in documents if d["filename"] in report_names} == {"done"}
    for worker in workers:
        assert worker.poll() is None, "a worker process died"
    rss_growth = (psutil.Process().memory_info().rss - rss_before) / 2**20
    assert rss_growth < 300, f"the API process grew by {rss_growth:.0f} MB"
    pool_deaths = sum(1 for w in workers for pid in pids_before[w.pid] if not psutil.pid_exists(pid))
    print(f"\n{len(hostile)} hostile uploads + {len(reports)} reports → {len(documents)} documents {by_status}, "
          f"finished in {elapsed:.0f}s, {pool_deaths} pool processes replaced, API RSS +{rss_growth:.0f} MB")
    unclear = [d for d in documents if d["status"] in ("failed",) and "unexpected error" in (d["error"] or "")]
    if unclear:
        pytest.fail("unclear errors:\n" + "\n".join(f"{d['filename']}: {d['error']}" for d in unclear))
