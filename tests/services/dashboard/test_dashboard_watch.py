"""`reportflow watch BATCH --api URL` as a user runs it: a subprocess against the uvicorn-served API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard_testkit import unique_report
from services_testkit import PROCESSING_TIMEOUT, broken_docx, upload, wait_for_batch

CLI = str(Path(sys.executable).with_name("reportflow"))


def _watch(api_url: str, batch_id: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "watch", batch_id, "--api", api_url], capture_output=True, text=True,
                          timeout=PROCESSING_TIMEOUT, env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"})


def test_watch_a_finished_batch(client, api_url):
    accepted = upload(client, [unique_report("seed000.txt"), unique_report("seed001.txt")])
    wait_for_batch(client, accepted["batch_id"])
    result = _watch(api_url, accepted["batch_id"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"batch {accepted['batch_id']}: 2 documents — done 2" in result.stdout
    for label in ("documents", "clean", "section", "extract"):
        assert any(line.strip().startswith(label) and "2/2" in line for line in result.stdout.splitlines()), label


def test_watch_a_running_batch_until_it_is_finished(client, api_url):
    accepted = upload(client, [unique_report(f"seed00{i}.txt") for i in range(5)])
    result = _watch(api_url, accepted["batch_id"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 documents — done 5" in result.stdout
    # it returned only once the batch was complete
    assert client.get(f"/v1/batches/{accepted['batch_id']}").json()["progress"] == 1.0


def test_watch_exits_non_zero_when_a_document_failed(client, api_url):
    accepted = upload(client, [unique_report("seed002.txt"), ("broken.docx", broken_docx())], reprocess=True)
    result = _watch(api_url, accepted["batch_id"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "done 1, failed 1" in result.stdout
    assert "broken.docx" in result.stdout and "failed" in result.stdout


def test_watch_an_unknown_batch(api_url):
    result = _watch(api_url, "no-such-batch")
    assert result.returncode == 2
    assert "no batch with id 'no-such-batch'" in result.stdout
