"""Four hand-annotated reports in styles the dev set lacks (tests/parse/heldout_like/README.md), scored by the
shared scorer (tests/data/score.py) at the dev set's thresholds: all noise gone, all content kept, section F1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scoring import score as shared_score
from scoring import write_predictions

from services.parse.cleaning import clean_text

from .test_cleaning import _same_source

HERE = Path(__file__).parent / "heldout_like"
DOCS = sorted(p.stem for p in (HERE / "reports").glob("*.txt"))
SECTIONS_MIN_F1 = 0.95  # the dev set's threshold (tests/test_devset.py)


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> Path:
    reports = [HERE / "reports" / f"{doc}.txt" for doc in DOCS]
    return write_predictions(reports, tmp_path_factory.mktemp("heldout_like") / "pred.jsonl")


def score(predictions: Path, *extra: str) -> dict:
    return shared_score(HERE / "gold", predictions, *extra)


def test_every_report_is_annotated():
    gold_docs = {
        json.loads(line)["doc"]
        for name in ("noise.jsonl", "keep.jsonl", "sections.jsonl")
        for line in (HERE / "gold" / name).read_text("utf-8").splitlines()
    }
    assert DOCS == ["gov_page", "pdf_conversion", "traditional_report", "wenku_scrape"]
    assert gold_docs == set(DOCS)


@pytest.mark.parametrize("doc", DOCS)
def test_report_cleaned_and_sectioned(predictions: Path, doc: str):
    result = score(predictions, "--doc", doc)
    assert result["cleaning"] == {"noise_removed": 1.0, "content_kept": 1.0}
    assert result["sections"]["f1"] >= SECTIONS_MIN_F1, result["sections"]


def test_all_reports_together(predictions: Path):
    result = score(predictions)
    assert result["docs_predicted"] == len(DOCS)
    assert result["cleaning"] == {"noise_removed": 1.0, "content_kept": 1.0}
    assert result["sections"]["f1"] >= SECTIONS_MIN_F1, result["sections"]


@pytest.mark.parametrize("doc", DOCS)
def test_offsets_lead_back_to_the_raw_characters(doc: str):
    raw = (HERE / "reports" / f"{doc}.txt").read_text("utf-8")
    clean = clean_text(raw)
    assert len(clean.offsets) == len(clean.text) + 1 and clean.offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))
    assert [ch for i, ch in enumerate(clean.text) if not _same_source(ch, raw[clean.offsets[i]])] == []
