"""The full corpus (tests/data/full/docs: 308 real full-length reports, 10–690 KB, UTF-8/GB2312/GBK, no gold):
every file analyses, no literal escape is left in a cleaned text, no heading is found twice because the page
repeated it, no licence notice of the hosting site is left, and the figures of every metric lead back to the same figures of the raw file.

The files are analysed once, in a module fixture (about 5 s of CPU); each test reads the results.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from services.analyze import analyze_text
from services.parse.cleaning.rules import OCR_DIGIT_TABLE
from services.parse.readers import read_document
from shared.document import Analysis

FULL = Path(__file__).parents[1] / "data" / "full" / "docs"

# What a literal escape looks like when it is left: an escaped line break, R's code point, an HTML reference,
# the "??" an encoder wrote for spaces next to Chinese text.
LEFT_ESCAPE = re.compile(
    r"\\r\\n|<U\+[0-9A-Fa-f]{4,6}>|&nbsp;?|&#[0-9]{1,7};|&#[xX][0-9a-fA-F]{1,6};"
    r"|(?<=[\u4e00-\u9fff])\?\?|\?\?(?=[\u4e00-\u9fff])"
)



@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[str, Analysis | Exception]]:
    """doc → (raw text, its analysis or the exception it raised)."""
    results: dict[str, tuple[str, Analysis | Exception]] = {}
    for path in sorted(FULL.glob("*.txt")):
        raw = read_document(path.read_bytes(), path.name)
        try:
            results[path.stem] = (raw, analyze_text(raw, path.stem))
        except Exception as exc:  # noqa: BLE001 - every failure is collected and reported at once
            results[path.stem] = (raw, exc)
    return results


def analyses(corpus) -> dict[str, Analysis]:
    return {doc: a for doc, (_, a) in corpus.items() if isinstance(a, Analysis)}


def test_the_corpus_is_there(corpus):
    assert len(corpus) == 308


def test_every_file_analyses_without_error(corpus):
    failed = {doc: f"{type(a).__name__}: {a}" for doc, (_, a) in corpus.items() if isinstance(a, Exception)}
    assert failed == {}


def test_no_literal_escape_is_left(corpus):
    left = {doc: Counter(LEFT_ESCAPE.findall(a.text)) for doc, a in analyses(corpus).items()}
    assert {doc: dict(found) for doc, found in left.items() if found} == {}


def test_no_licence_notice_of_the_hosting_site_is_left(corpus):
    # 52 of the national reports come with Wikisource's licence box under them, one line per link
    with_box = [doc for doc, (raw, _) in corpus.items() if "公有领域" in raw]
    left = [doc for doc, a in analyses(corpus).items() if "公有领域" in a.text or "本作品" in a.text]
    assert len(with_box) >= 50 and left == []


def _duplicated_headings(analysis: Analysis) -> list[str]:
    """Level-1/2 titles found more than once within one report (a compilation's reports counted apart)."""
    counts = Counter((s.part, s.title) for s in analysis.outline.sections if s.level in (1, 2))
    return sorted(title for (_, title), n in counts.items() if n > 1)


def test_no_heading_is_found_twice_from_a_repeated_page(corpus):
    duplicated = {doc: titles for doc, a in analyses(corpus).items() if (titles := _duplicated_headings(a))}
    assert duplicated == {}


def _figures(text: str) -> str:
    """The digits of a span as the cleaner reads them: in half width, letters misread for digits as digits
    ("25l亿元" is 251), on both sides alike."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).translate(OCR_DIGIT_TABLE) if ch.isdigit())


def test_metric_spans_lead_back_to_the_same_figures_in_the_raw_file(corpus):
    """Offsets into the raw text stay right through every edit (escapes, CRLF, width, removed copies)."""
    wrong = {}
    for doc, (raw, analysis) in corpus.items():
        if not isinstance(analysis, Analysis):
            continue
        bad = [
            (m.start, m.text)
            for m in analysis.metrics
            if not 0 <= m.start <= m.end <= len(raw) or _figures(raw[m.start : m.end]) != _figures(m.text)
        ]
        if bad:
            wrong[doc] = bad[:3]
    assert wrong == {}
