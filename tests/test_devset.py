"""The dev set (tests/data: five real reports with gold) scored by the shared scorer, with the issue's thresholds."""

import json
from pathlib import Path

import pytest
from scoring import score, write_predictions

from services.analyze import analyze_path


@pytest.fixture(scope="module")
def analyses(data_dir: Path) -> dict:
    return {p.stem: analyze_path(p) for p in sorted((data_dir / "reports").glob("seed*.txt"))}


@pytest.fixture(scope="module")
def scores(data_dir, tmp_path_factory) -> dict:
    reports = sorted((data_dir / "reports").glob("seed*.txt"))
    return score(data_dir / "gold", write_predictions(reports, tmp_path_factory.mktemp("score") / "pred.jsonl"))


def test_cleaning_removes_all_noise_and_keeps_all_content(scores):
    assert scores["cleaning"] == {"noise_removed": 1.0, "content_kept": 1.0}


def test_sections_level_aware_f1(scores):
    assert scores["sections"]["f1"] >= 0.95, scores["sections"]


def test_compilation_splits_into_its_reports(analyses, data_dir):
    gold = [json.loads(line) for line in (data_dir / "gold" / "parts.jsonl").read_text("utf-8").splitlines()]
    for doc in {g["doc"] for g in gold}:
        parts = analyses[doc].outline.parts
        assert [p.title for p in parts] == [g["title"] for g in gold if g["doc"] == doc]
        text = analyses[doc].text
        for part, g in zip(parts, (g for g in gold if g["doc"] == doc), strict=True):
            assert g["first_text"] in text[part.start:part.end]


def test_single_reports_have_no_parts(analyses):
    assert [doc for doc, a in analyses.items() if a.outline.parts] == ["seed002"]
