"""`reportflow analyze` as users run it: a real subprocess over real files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPORTFLOW = [sys.executable, "-m", "services"]


def run_analyze(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([*REPORTFLOW, "analyze", *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def dev_reports(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "reports").glob("seed*.txt"))


def test_jsonl_gives_one_object_per_file_in_the_scorer_schema(dev_reports):
    result = run_analyze(*dev_reports, "--jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["doc"] for row in rows] == [p.stem for p in dev_reports]
    for row in rows:
        assert set(row) >= {"doc", "text", "sections", "parts", "metrics"}
        assert row["text"]
        for section in row["sections"]:
            assert set(section) >= {"level", "title", "kind", "start", "end", "part"}


def test_a_failing_file_reports_its_error_and_the_rest_go_on(tmp_path, dev_reports):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"")
    result = run_analyze(dev_reports[0], broken, dev_reports[1], "--jsonl")
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["doc"] for row in rows] == [dev_reports[0].stem, "broken", dev_reports[1].stem]
    assert "error" in rows[1] and "empty" in rows[1]["error"]
    assert "text" in rows[0] and "text" in rows[2]


def test_summary_names_each_file_and_its_headings(dev_reports):
    result = run_analyze(dev_reports[2])
    assert result.returncode == 0, result.stderr
    assert dev_reports[2].name in result.stdout
    assert "headings" in result.stdout
