"""Blocks of lines a saved page repeats go after their first copy, so each heading is found once; what a
compilation or a report legitimately repeats stays."""

from __future__ import annotations

import pytest

from services.parse.cleaning import clean_text
from services.parse.cleaning.repeats import remove_repeated_blocks
from services.parse.sectioning import find_outline
from shared.document import CleanText

SAME = None

_INTRO = "现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。"
_REVIEW = "过去一年，全县地区生产总值完成120亿元，增长6.5%，一般公共预算收入完成8.2亿元，增长7%。"
_PLAN = "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城乡居民人均可支配收入稳步增长。"
_ARTICLE = f"各位代表：\n\n{_INTRO}\n\n一、2023年工作回顾\n\n{_REVIEW}\n\n二、2024年工作安排\n\n{_PLAN}\n"
_MENU = "首页\n领导之窗\n政府信息公开\n政务服务\n互动交流\n"

# --- full corpus: the shapes the 308 full-length reports show ------------------------------------------------

FULL_CORPUS_CASES = [
    # a saved page holding its article six times (print view, tab panes), with different gaps in between
    pytest.param(
        "\n\n\n".join([_ARTICLE] * 6), _ARTICLE, id="article-printed-six-times",
    ),
    # the page and one copy of it (a scrape of the page and of its print view)
    pytest.param(
        "XX县人民政府工作报告\n" + _ARTICLE + "\n版权所有：XX县人民政府\n\n" + _ARTICLE.replace("\n\n", "\n"),
        "XX县人民政府工作报告\n" + _ARTICLE,
        id="page-and-its-print-copy",
    ),
    # invented: a navigation list of short lines on every page of a paged article
    pytest.param(
        f"{_MENU}{_INTRO}\n{_MENU}{_REVIEW}\n{_MENU}{_PLAN}\n",
        f"{_MENU}{_INTRO}\n{_REVIEW}\n{_PLAN}\n",
        id="navigation-list-on-every-page",
    ),
]

# --- report wording that must stay ----------------------------------------------------------------------------

MUST_STAY_CASES = [
    # a compilation: two reports with the same headings and opening lines, each with its own text
    pytest.param(
        "区民政局2023年工作总结\n一、2023年工作总结\n（一）凝心聚力，夯实党建引领\n" + _REVIEW + "\n"
        "县林业局2023年工作总结\n一、2023年工作总结\n（一）凝心聚力，夯实党建引领\n" + _PLAN + "\n",
        SAME,
        id="compilation-repeats-its-headings-once",
    ),
    # short lines repeated twice in a row are not enough (a table header on two pages, a repeated slogan)
    pytest.param(
        f"项目名称\n投资额\n进度\n{_REVIEW}\n项目名称\n投资额\n进度\n{_PLAN}\n", SAME, id="short-block-twice",
    ),
    pytest.param(f"{_REVIEW}\n{_PLAN}\n{_INTRO}\n", SAME, id="nothing-repeated"),
]


def _lines(text: str) -> list[str]:
    """The non-blank lines: the gaps a removed copy leaves around it do not count."""
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize(("raw", "cleaned"), FULL_CORPUS_CASES)
def test_repeated_copies_go(raw: str, cleaned: str):
    assert _lines(clean_text(raw).text) == _lines(cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), MUST_STAY_CASES)
def test_legitimate_repeats_stay(raw: str, cleaned: str | None):
    assert cleaned is SAME
    assert remove_repeated_blocks(raw) == []
    assert clean_text(raw) == CleanText.identity(raw)


def test_each_heading_of_a_repeated_page_is_found_once():
    raw = "\n\n".join([_ARTICLE] * 6)
    clean = clean_text(raw)
    titles = [s.title for s in find_outline(clean.text).sections if s.level == 1]
    assert titles == ["一、2023年工作回顾", "二、2024年工作安排"]
    # the copy that stays is the first one: its offsets lead to the start of the raw text
    assert clean.offsets[clean.text.index("一、2023")] == raw.index("一、2023")
