"""Four hand-annotated reports in styles the dev set lacks (tests/parse/heldout_like/README.md), scored by the
shared scorer (tests/data/score.py) at the dev set's thresholds: all noise gone, all content kept, section F1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.analyze import analyze_path
from services.parse.cleaning import clean_text

from .test_cleaning import _same_source

HERE = Path(__file__).parent / "heldout_like"
SCORER = Path(__file__).parents[1] / "data" / "score.py"
DOCS = sorted(p.stem for p in (HERE / "reports").glob("*.txt"))
SECTIONS_MIN_F1 = 0.95  # the dev set's threshold (tests/test_devset.py)


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("heldout_like") / "pred.jsonl"
    rows = [analyze_path(HERE / "reports" / f"{doc}.txt").to_json() for doc in DOCS]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def score(predictions: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(SCORER), str(HERE / "gold"), str(predictions), "--json", *extra],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


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
