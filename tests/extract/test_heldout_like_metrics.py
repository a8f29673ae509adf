"""The real pipeline over reports written in styles the dev set lacks, scored like the held-out set.

tests/extract/heldout_like/: a county 政府工作报告 titled with the new year whose review speaks of "过去一年",
a bureau 工作总结 with table rows as lines and "个百分点", and a PDF-converted town report with ranges, Chinese
numerals, thousands separators, hedges, a hotline and a page number. Gold in metrics.jsonl follows
tests/data/CORPUS.md. They guard against rules fitted to the five dev reports.
"""

import json
from pathlib import Path

import pytest
from scoring import METRIC_THRESHOLDS, MONEY_THRESHOLDS, score, shortfalls, write_predictions

HELDOUT_LIKE = Path(__file__).parent / "heldout_like"


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> Path:
    reports = sorted((HELDOUT_LIKE / "reports").glob("*.txt"))
    return write_predictions(reports, tmp_path_factory.mktemp("heldout_like") / "pred.jsonl")


def test_all_metrics_meet_the_thresholds(data_dir, predictions):
    assert shortfalls(score(HELDOUT_LIKE, predictions)["metrics"], METRIC_THRESHOLDS) == {}


def test_money_metrics_meet_the_threshold(data_dir, predictions):
    assert shortfalls(score(HELDOUT_LIKE, predictions, "--unit", "元")["metrics"], MONEY_THRESHOLDS) == {}


def test_years_of_review_and_plan(predictions):
    """The scorer leaves ``year`` out; the review of a 政府工作报告 titled 2024 is 2023, its plan 2024."""
    gold = [json.loads(line) for line in (HELDOUT_LIKE / "metrics.jsonl").read_text("utf-8").splitlines()]
    predicted = {row["doc"]: list(row["metrics"]) for row in map(json.loads, predictions.read_text("utf-8").splitlines())}
    wrong = []
    for g in gold:
        same = [p for p in predicted[g["doc"]] if p["unit"] == g["unit"] and p["value"] == g["value"]]
        if not same:
            continue  # a miss is counted by the scorer
        predicted[g["doc"]].remove(same[0])
        if same[0]["year"] != g["year"]:
            wrong.append((g["doc"], g["text"], same[0]["year"], g["year"]))
    assert len(wrong) <= 0.05 * len(gold), wrong


def test_gold_spans_are_exact_substrings_of_their_reports():
    """CORPUS.md: every gold ``text`` is copied from the document."""
    reports = {p.stem: p.read_text("utf-8") for p in (HELDOUT_LIKE / "reports").glob("*.txt")}
    gold = [json.loads(line) for line in (HELDOUT_LIKE / "metrics.jsonl").read_text("utf-8").splitlines()]
    assert {g["doc"] for g in gold} == set(reports)
    assert [g["text"] for g in gold if g["text"] not in reports[g["doc"]]] == []
