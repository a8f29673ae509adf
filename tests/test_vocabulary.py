"""One case table of heading openers, page marks and sentence ends, run against every rule that decides them, so
the copies of the Chinese-text vocabulary cannot drift apart again (issue #8, item 1).

The expected values are those of ``shared.chinese``. A consumer not yet derived from it is marked xfail (strict)
where it disagrees today; converting it turns the mark into an XPASS failure, and the mark goes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pytest

from services.parse.cleaning import clean_text, fragments, lines, wraps
from services.parse.cleaning.offsets import apply_text_edits
from services.parse.readers import pdf
from services.parse.readers.pdf import Line
from services.parse.sectioning import headings
from services.parse.sectioning import patterns as sectioning_patterns
from shared import chinese

# A long line cut mid-sentence (no end mark), long enough that every joiner glues a plain next line to it.
CUT_LINE = "我们坚持以习近平新时代中国特色社会主义思想为指导深入贯彻落实党的二十大精神全面推进乡村振兴和基层治理各项工作"
PLAIN_LINE = "继续推进重点项目建设"


# --- heading openers -------------------------------------------------------------------------------------
# (line, level the heading tree gives it or None, whether it opens its own line)

OPENER_CASES = [
    # report wording: the numbering Chinese work reports use
    pytest.param("第一部分 2023年工作回顾", 1, True, id="report-chapter-part"),
    pytest.param("第二章 发展环境", 1, True, id="report-chapter"),
    pytest.param("一、2023年工作完成情况", 1, True, id="report-cn"),
    pytest.param("十二、其他工作", 1, True, id="report-cn-twelve"),
    pytest.param("二．存在的问题", 1, True, id="report-cn-fullwidth-point"),
    pytest.param("（一）夯实政治建设", 2, True, id="report-paren-cn"),
    pytest.param("(二)社会发展稳健有力", 2, True, id="report-paren-cn-ascii"),
    pytest.param("（三)民生保障有力", 2, True, id="report-paren-cn-mixed"),
    pytest.param("1、农保和医保工作", 3, True, id="report-arabic-comma"),
    pytest.param("1.坚持理论武装头脑", 3, True, id="report-arabic-point"),
    pytest.param("2．强化督查考核", 3, True, id="report-arabic-fullwidth-point"),
    pytest.param("１．加强组织领导", 3, True, id="report-fullwidth-digit"),
    pytest.param("1、2023年工作回顾", 3, True, id="report-arabic-before-year"),
    pytest.param("（1）加强组织领导", 4, True, id="report-paren-arabic"),
    pytest.param("(2)压实工作责任", 4, True, id="report-paren-arabic-ascii"),
    pytest.param("①加强组织领导", 4, True, id="report-circled"),
    pytest.param("1）加强组织领导", 4, True, id="report-half-paren-arabic"),
    # Word auto-numbering written out by conversions: enclosed forms
    pytest.param("㈠加强组织领导", 2, True, id="word-parenthesized-ideograph"),
    pytest.param("⒈加强组织领导", 3, True, id="word-digit-full-stop"),
    pytest.param("⑴加强组织领导", 4, True, id="word-parenthesized-digit"),
    # lines that open their own line without being a heading of the tree
    pytest.param("第3部分 下一步工作", None, True, id="opener-division-arabic"),
    pytest.param("第五条 本办法自印发之日起施行", None, True, id="opener-article"),
    pytest.param("一）加强组织领导", None, True, id="opener-half-paren-cn"),
    pytest.param("一是加强组织领导", None, True, id="opener-run-in-enumeration"),
    pytest.param("附件：2023年重点项目表", None, True, id="opener-attachment"),
    pytest.param("附表1 重点项目", None, True, id="opener-attached-table"),
    pytest.param("目录", None, True, id="opener-contents"),
    pytest.param("目 录", None, True, id="opener-contents-spaced"),
    # report wording that must stay body text
    pytest.param("1.5亿元的项目资金全部到位", None, False, id="body-decimal"),
    pytest.param("2023.10完成竣工验收", None, False, id="body-date"),
    pytest.param("12345热线接诉即办", None, False, id="body-hotline"),
    pytest.param("一年来，我们攻坚克难", None, False, id="body-cn-digit"),
    pytest.param("十分重视安全生产", None, False, id="body-ten"),
    pytest.param("第一时间响应群众诉求", None, False, id="body-ordinal"),
    pytest.param("附近村民积极参与", None, False, id="body-near"),
    pytest.param("目标任务全面完成", None, False, id="body-target"),
]


def _vocabulary_opens(line: str) -> bool:
    return bool(re.match(chinese.LINE_OPENER, line))


def _pdf_opens(line: str) -> bool:
    """readers/pdf.py: a full line cut mid-sentence, then ``line`` at the left margin."""
    joined = pdf._join_lines([Line(CUT_LINE, 0, 100, 5), Line(line, 0, 60, 5)])
    return joined.count("\n") == 2


def _cleaner_wraps_open(line: str) -> bool:
    """cleaning/wraps.py join_broken_lines."""
    return not wraps.join_broken_lines(CUT_LINE + "\n" + line)


def _cleaner_page_break_opens(line: str) -> bool:
    """cleaning/lines.py remove_page_mark_lines: a page break cut the sentence before ``line``."""
    text = CUT_LINE + "\n- 3 -\n" + line
    return ("\n" + line) in apply_text_edits(text, lines.remove_page_mark_lines(text))


def _cleaner_fragment_opens(line: str) -> bool:
    """cleaning/fragments.py remove_page_fragments: ``line`` after the page number "3、" of a chain of cuts."""
    text = "我们坚持推进各项工作，\n1、持续发力，\n2、扎实推进，\n3、" + line
    return ("\n" + line) in apply_text_edits(text, fragments.remove_page_fragments(text))


OPENS: dict[str, Callable[[str], bool]] = {
    "vocabulary": _vocabulary_opens,
    "pdf": _pdf_opens,
    "cleaner-wraps": _cleaner_wraps_open,
    "cleaner-page-break": _cleaner_page_break_opens,
    "cleaner-fragments": _cleaner_fragment_opens,
}
# Where a consumer not yet derived from shared.chinese disagrees today (phase 2 converts it).
OPENER_DRIFT: dict[tuple[str, str], str] = {}


def _params(cases, consumers, drift) -> list:
    """Every case for every consumer, xfail (strict) where ``drift`` names the disagreement."""
    params = []
    for case in cases:
        for consumer in consumers:
            reason = drift.get((case.id, consumer))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(consumer, *case.values, id=f"{consumer}:{case.id}", marks=marks))
    return params


@pytest.mark.parametrize(("consumer", "line", "level", "opens"), _params(OPENER_CASES, OPENS, OPENER_DRIFT))
def test_line_openers_agree(consumer: str, line: str, level: int | None, opens: bool) -> None:
    assert OPENS[consumer](line) is opens


def _vocabulary_level(line: str) -> int | None:
    for kind in chinese.HEADING_MARKERS:
        if any(re.match(form, line) for form in kind.forms):
            assert re.match(f"[{kind.first}]", line), f"{kind.name}: first character not in its class"
            return kind.level
    return None


def _sectioner_level(line: str) -> int | None:
    """sectioning: the cheap first-character test, then the markers."""
    if not sectioning_patterns.HEADING_FIRST_CHAR.match(line):
        return None
    found = headings.match_marker(line, 0)
    return found[0].level if found else None


LEVELS: dict[str, Callable[[str], int | None]] = {"vocabulary": _vocabulary_level, "sectioner": _sectioner_level}
LEVEL_DRIFT: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(("consumer", "line", "level", "opens"), _params(OPENER_CASES, LEVELS, LEVEL_DRIFT))
def test_heading_levels_agree(consumer: str, line: str, level: int | None, opens: bool) -> None:
    assert LEVELS[consumer](line) == level
    assert opens or level is None  # every heading of the tree opens its line


# --- page marks -------------------------------------------------------------------------------------------
# (line, a page mark wherever it stands, a page mark in the top or bottom band of a PDF page)

PAGE_MARK_CASES = [
    # Word/WPS and PDF footers
    pytest.param("- 3 -", True, True, id="footer-dashes"),
    pytest.param("— 3 —", True, True, id="footer-em-dashes"),
    pytest.param("－3－", True, True, id="footer-fullwidth-dashes"),
    pytest.param("–12–", True, True, id="footer-en-dashes"),
    pytest.param("第3页", True, True, id="footer-page"),
    pytest.param("第 3 页", True, True, id="footer-page-spaced"),
    pytest.param("第三页", True, True, id="footer-page-cn"),
    pytest.param("第 3 页 共 10 页", True, True, id="footer-counter"),
    pytest.param("第3页/共10页", True, True, id="footer-counter-slash"),
    pytest.param("共10页第3页", True, True, id="footer-counter-total-first"),
    pytest.param("3/10", True, True, id="footer-fraction"),
    pytest.param("3 / 10", True, True, id="footer-fraction-spaced"),
    pytest.param("Page 3", True, True, id="footer-latin"),
    pytest.param("page 3 of 10", True, True, id="footer-latin-of"),
    pytest.param("Page 3/10", True, True, id="footer-latin-slash"),
    pytest.param("p. 3", True, True, id="footer-latin-short"),
    # a number alone is a page number only where the page layout puts page numbers
    pytest.param("3", False, True, id="margin-bare-number"),
    pytest.param("- 3", False, True, id="margin-one-dash"),
    # report wording that must stay
    pytest.param("3.5亿元", False, False, id="body-amount"),
    pytest.param("第3章", False, False, id="body-chapter"),
    pytest.param("共10项", False, False, id="body-count"),
    pytest.param("第三批", False, False, id="body-batch"),
    pytest.param("2023年", False, False, id="body-year"),
    pytest.param("12345", False, False, id="body-hotline"),
]


def _vocabulary_page_mark(line: str, in_margin: bool) -> bool:
    form = f"(?:{chinese.PAGE_MARK}|{chinese.MARGIN_PAGE_NUMBER})" if in_margin else chinese.PAGE_MARK
    return bool(re.fullmatch(rf"\s*{form}\s*", line))


def _pdf_page_mark(line: str, in_margin: bool) -> bool:
    """readers/pdf.py: the line in the page's margin band (page marks elsewhere are left to the cleaner)."""
    page = [Line(line, 0, 20, 5, in_margin=True), Line(CUT_LINE, 0, 100, 5)]
    return len(pdf._without_running_lines([page])[0]) == 1


def _cleaner_page_mark(line: str, in_margin: bool) -> bool:
    """The whole cleaner on a line between two paragraphs."""
    cleaned = clean_text(f"全年完成各项目标任务。\n{line}\n继续推进重点项目建设。").text
    return cleaned.strip().count("\n") == 1  # the two paragraphs are left


PAGE_MARKS: dict[str, tuple[Callable[[str, bool], bool], bool]] = {
    "vocabulary": (_vocabulary_page_mark, False),
    "vocabulary-margin": (_vocabulary_page_mark, True),
    "pdf": (_pdf_page_mark, True),
    "cleaner": (_cleaner_page_mark, False),
}
PAGE_MARK_DRIFT: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(
    ("consumer", "line", "anywhere", "in_margin"), _params(PAGE_MARK_CASES, PAGE_MARKS, PAGE_MARK_DRIFT)
)
def test_page_marks_agree(consumer: str, line: str, anywhere: bool, in_margin: bool) -> None:
    is_mark, margin = PAGE_MARKS[consumer]
    assert is_mark(line, margin) is (in_margin if margin else anywhere)


# --- sentence ends ----------------------------------------------------------------------------------------
# (how a line ends, whether a sentence ends there)

SENTENCE_END_CASES = [
    # report wording
    pytest.param("。", True, id="full-stop"),
    pytest.param("！", True, id="exclamation"),
    pytest.param("？", True, id="question"),
    pytest.param("；", True, id="semicolon"),
    pytest.param("：", True, id="colon"),
    pytest.param("……", True, id="ellipsis"),
    pytest.param("。”", True, id="full-stop-quote"),
    pytest.param("？」", True, id="question-corner-quote"),
    pytest.param("。’", True, id="full-stop-single-quote"),
    pytest.param("。』", True, id="full-stop-white-corner-quote"),
    pytest.param("。）", True, id="full-stop-bracket"),
    pytest.param("。】", True, id="full-stop-lenticular"),
    pytest.param("。（见第2页）", True, id="full-stop-then-note"),
    pytest.param("。(完)", True, id="full-stop-then-ascii-note"),
    pytest.param("”。 (见第6页)", True, id="full-stop-space-note"),
    # ASCII punctuation of converted and typed reports
    pytest.param("!", True, id="ascii-exclamation"),
    pytest.param("?", True, id="ascii-question"),
    pytest.param(";", True, id="ascii-semicolon"),
    pytest.param(":", True, id="ascii-colon"),
    # report wording that goes on
    pytest.param("，", False, id="comma"),
    pytest.param("、", False, id="enumeration-comma"),
    pytest.param(",", False, id="ascii-comma"),
    pytest.param("的", False, id="han"),
    pytest.param("12%", False, id="percent"),
    pytest.param("“两个确保”", False, id="lone-closing-quote"),
    pytest.param("（2023年）", False, id="lone-closing-bracket"),
    pytest.param("《条例》", False, id="lone-title-mark"),
]


def _vocabulary_ends(ending: str) -> bool:
    return bool(re.search(chinese.SENTENCE_END_AT_END, CUT_LINE + ending))


def _pdf_ends(ending: str) -> bool:
    """readers/pdf.py: a full line with that ending, then a plain line at the left margin."""
    joined = pdf._join_lines([Line(CUT_LINE + ending, 0, 100, 5), Line(PLAIN_LINE, 0, 60, 5)])
    return joined.count("\n") == 2


def _cleaner_ends(ending: str) -> bool:
    """cleaning/wraps.py join_broken_lines (fragments.py reads the same set)."""
    return not wraps.join_broken_lines(CUT_LINE + ending + "\n" + PLAIN_LINE)


def _cleaner_wrapped_ends(ending: str) -> bool:
    """cleaning/wraps.py join_broken_lines on hard-wrapped text: a full line with that ending, then a plain line."""
    full = [CUT_LINE + "。"] * 6
    line = CUT_LINE[: len(CUT_LINE) + 1 - len(ending)] + ending
    text = "\n".join([*full, line, PLAIN_LINE])
    return ("\n" + PLAIN_LINE) in apply_text_edits(text, wraps.join_broken_lines(text))


def _sectioner_ends(ending: str) -> bool:
    """sectioning: a line closed this way is followed by a heading, not a page-number fragment."""
    return bool(sectioning_patterns.LINE_CLOSED.search(CUT_LINE + ending))


ENDS: dict[str, Callable[[str], bool]] = {
    "vocabulary": _vocabulary_ends,
    "pdf": _pdf_ends,
    "cleaner": _cleaner_ends,
    "cleaner-wrapped": _cleaner_wrapped_ends,
    "sectioner": _sectioner_ends,
}
# The cleaner decides sentence ends by SENTENCE_END_AT_END; in text without hard wraps (this probe: two lines)
# it also leaves a long line ending on a closer as a paragraph that lost its full stop (full corpus s0175).
_UNWRAPPED = "cleaning/wraps.py: unwrapped, a line ending on a closer is a paragraph (UNWRAPPED_PARAGRAPH_END)"
SENTENCE_END_DRIFT = {
    ("lone-closing-quote", "cleaner"): _UNWRAPPED,
    ("lone-closing-bracket", "cleaner"): _UNWRAPPED,
    ("lone-title-mark", "cleaner"): _UNWRAPPED,
}


@pytest.mark.parametrize(("consumer", "ending", "ends"), _params(SENTENCE_END_CASES, ENDS, SENTENCE_END_DRIFT))
def test_sentence_ends_agree(consumer: str, ending: str, ends: bool) -> None:
    assert ENDS[consumer](ending) is ends


# --- numerals -------------------------------------------------------------------------------------------

MARKER_NUMBER_CASES = [
    *(pytest.param(numeral, value, id=numeral) for numeral, value in (
        ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99),
    )),
    *(pytest.param(numeral, value, id=f"enclosed-{value}") for numeral, value in (
        ("㈢", 3), ("⒉", 2), ("⑶", 3), ("④", 4), ("⑳", 20),
    )),
    pytest.param("12", 12, id="arabic"),
    pytest.param("１２", 12, id="fullwidth-arabic"),
]


@pytest.mark.parametrize(("numeral", "value"), MARKER_NUMBER_CASES)
def test_marker_numbers(numeral: str, value: int) -> None:
    assert chinese.marker_number(numeral) == value
    assert headings.marker_number is chinese.marker_number  # what the sectioner reads markers with


def test_fullwidth_map_is_nfkc_of_the_fullwidth_ascii_forms() -> None:
    for code, half in chinese.HALFWIDTH_OF.items():
        assert chr(half) == unicodedata.normalize("NFKC", chr(code))
    assert "".join(chr(chinese.HALFWIDTH_OF[ord(c)]) for c in chinese.FULLWIDTH_DIGITS) == "0123456789"
    assert chinese.FULLWIDTH_UPPER[0] + chinese.FULLWIDTH_LOWER[-1] == "Ａｚ"
