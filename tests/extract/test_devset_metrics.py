"""The real pipeline over the dev reports, metrics scored by tests/data/score.py with the issue's thresholds."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from services.analyze import analyze_path


@pytest.fixture(scope="module")
def predictions(data_dir: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("metrics") / "pred.jsonl"
    rows = [analyze_path(p).to_json() for p in sorted((data_dir / "reports").glob("seed*.txt"))]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _score(data_dir: Path, predictions: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(data_dir / "score.py"), str(data_dir / "gold"), str(predictions), "--json", *extra],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)["metrics"]


def test_all_metrics_meet_the_thresholds(data_dir, predictions):
    m = _score(data_dir, predictions)
    assert m["f1"] >= 0.93, m
    assert m["name_acc"] >= 0.85, m
    assert m["kind_acc"] >= 0.95, m
    assert m["approx_acc"] >= 0.95, m


def test_money_metrics_meet_the_threshold(data_dir, predictions):
    m = _score(data_dir, predictions, "--unit", "元")
    assert m["f1"] >= 0.97, m
    assert m["name_acc"] >= 0.85, m


@pytest.mark.parametrize("doc", ["seed000", "seed003"])
def test_offsets_point_into_the_raw_report(data_dir, doc):
    path = data_dir / "reports" / f"{doc}.txt"
    raw = path.read_text("utf-8")

    def plain(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())

    for metric in analyze_path(path).metrics:
        span = plain(raw[metric.start:metric.end])
        assert span.startswith(plain(metric.text)[:1]) and span.endswith(plain(metric.text)[-1:]), metric
