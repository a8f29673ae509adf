"""The whole analysis over all 308 full-length reports of tests/data/full (no gold): properties every metric must have.

Issue #9's done-when list for the full corpus: no empty name, no name that is only a year, a position or a
relation word, every "百分之…点…" percentage read with its decimal, multiples in 倍 extracted (unit 倍, change 率),
and each metric's span pointing into the raw text. The checks below read the corpus with their own patterns, not
with the extractor's tables, so a rule that goes wrong shows here.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import cn2an
import pytest

from services.analyze import analyze_text
from services.parse.readers import read_document

FULL = Path(__file__).resolve().parent.parent / "data" / "full" / "docs"

# Words that are never an indicator name on their own (the examples and their kin).
NOT_A_NAME = {
    "上年", "去年", "同比", "同期", "环比", "比上年", "上年同期", "提高", "提高到", "增加", "增加到", "增长", "下降",
    "减少", "降低", "增速", "增幅", "净增", "年均", "平均", "同口径", "计划", "目标", "任务", "目标任务", "占",
    "占总人口", "占比", "以上", "以下", "左右", "以内", "高于", "低于", "达到", "超过", "预计", "全年", "当年", "今年",
    "分别", "到", "从", "由", "至",
}
YEAR_OR_MONTH = re.compile(r"^(?:(?:[〇零○一二三四五六七八九]{2,4}|\d{2,4})年|(?:[一二三四五六七八九十]{1,3}|\d{1,2})月)[底末初份]?$")
PERCENT_WITH_POINT = re.compile(r"百分之([零〇一二两三四五六七八九十百]+)[点點]([零〇一二三四五六七八九]+)")
# A multiple with its change or comparison verb: "增长1.5倍", "增加近一倍", "为常年3倍", "相当于…的2倍".
MULTIPLE = re.compile(
    r"(?:增长|增加|提高|翻|为|是|相当于)[^，。；、\n]{0,10}?"
    r"(?<![几数百千\d.])(\d+(?:\.\d+)?|[一两二三四五六七八九十][点.]?[一二三四五六七八九]?)(?:多)?倍(?![增数率])"
)
_OCR = str.maketrans("lIO", "110")
_DIGITS = {ch: str(i) for i, ch in enumerate("零一二三四五六七八九")} | {"〇": "0"}


def _norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


@pytest.fixture(scope="module")
def analyses() -> list[tuple[str, object]]:
    paths = sorted(FULL.glob("*.txt"))
    assert len(paths) == 308
    out = []
    for path in paths:
        raw = read_document(path.read_bytes(), path.name)
        out.append((raw, analyze_text(raw, path.stem)))
    return out


def test_no_metric_goes_without_a_name(analyses):
    empty = [(a.doc, m.text) for _, a in analyses for m in a.metrics if not m.name.strip()]
    assert empty == []


def test_no_name_is_only_a_year_position_or_relation_word(analyses):
    bad = [(a.doc, m.name, m.text) for _, a in analyses for m in a.metrics
           if m.name in NOT_A_NAME or YEAR_OR_MONTH.match(m.name)]
    assert bad == []


def test_every_percentage_in_words_keeps_its_decimal(analyses):
    wrong = []
    for _, analysis in analyses:
        for found in PERCENT_WITH_POINT.finditer(analysis.text):
            whole = found[1] if found[1][0] not in "十百" else "一" + found[1]
            expected = float(cn2an.cn2an(whole, "smart")) + float("0." + "".join(_DIGITS[ch] for ch in found[2]))
            read = [m.value for m in analysis.metrics if m.unit == "%" and found[0] in m.text]
            if not read or abs(read[0] - expected) > 1e-9:
                wrong.append((analysis.doc, found[0], read))
    assert wrong == []


def test_multiples_are_extracted_as_ratios(analyses):
    missed, found_any = [], 0
    for _, analysis in analyses:
        multiples = [m for m in analysis.metrics if m.unit == "倍"]
        found_any += len(multiples)
        assert all(m.change == "率" for m in multiples), analysis.doc
        for phrase in MULTIPLE.finditer(analysis.text):
            if phrase[0].startswith(("为", "是")) and "的" not in phrase[0] and len(phrase[0]) > 8:
                continue  # "是…" too far from its number to be sure it is a comparison
            if not any(phrase[0][-len(m.text):] in m.text or m.text in phrase[0] for m in multiples):
                missed.append((analysis.doc, phrase[0]))
    assert found_any > 400
    assert missed == []


def test_every_span_points_into_the_raw_text(analyses):
    wrong = []
    for raw, analysis in analyses:
        for metric in analysis.metrics:
            span = raw[metric.start:metric.end].translate(_OCR)  # "25l亿元" is read as 251
            number = re.search(r"\d+", _norm(metric.text))
            if not span or (number and number.group() not in _norm(span)):
                wrong.append((analysis.doc, metric.text, span))
    assert wrong == []
