"""The real pipeline over the dev reports, metrics scored by tests/data/score.py with the issue's thresholds."""

import unicodedata
from pathlib import Path

import pytest
from scoring import METRIC_THRESHOLDS, MONEY_THRESHOLDS, score, shortfalls, write_predictions

from services.analyze import analyze_path


@pytest.fixture(scope="module")
def predictions(data_dir: Path, tmp_path_factory) -> Path:
    reports = sorted((data_dir / "reports").glob("seed*.txt"))
    return write_predictions(reports, tmp_path_factory.mktemp("metrics") / "pred.jsonl")


def test_all_metrics_meet_the_thresholds(data_dir, predictions):
    assert shortfalls(score(data_dir / "gold", predictions)["metrics"], METRIC_THRESHOLDS) == {}


def test_money_metrics_meet_the_threshold(data_dir, predictions):
    assert shortfalls(score(data_dir / "gold", predictions, "--unit", "元")["metrics"], MONEY_THRESHOLDS) == {}


@pytest.mark.parametrize("doc", ["seed000", "seed003"])
def test_offsets_point_into_the_raw_report(data_dir, doc):
    path = data_dir / "reports" / f"{doc}.txt"
    raw = path.read_text("utf-8")

    def plain(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())

    for metric in analyze_path(path).metrics:
        span = plain(raw[metric.start:metric.end])
        assert span.startswith(plain(metric.text)[:1]) and span.endswith(plain(metric.text)[-1:]), metric
