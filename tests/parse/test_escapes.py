"""Literal escapes in the text ("\\r\\n" as two characters, R's "<U+00A0>", HTML "&nbsp;") become what they stand
for; offsets still lead back to the raw text; escapes-like report wording stays."""

from __future__ import annotations

import pytest

from services.parse.cleaning import clean_text
from services.parse.cleaning.escapes import decode_escapes
from services.parse.cleaning.offsets import Edit, OffsetMap, apply_text_edits
from services.parse.sectioning import find_outline
from tests.parse.cleaning_checks import SAME, check

# --- full corpus: the shapes the 308 full-length reports show ------------------------------------------------

FULL_CORPUS_CASES = [
    # spreadsheet cells saved with their line breaks escaped (XLSX "报告全文" fields)
    pytest.param(
        "政府工作报告\\r\\n2005年2月26日\\r\\n各位代表：\\r\\n一、2004年工作回顾\\r\\n2004年，全县经济持续发展。",
        "政府工作报告\n2005年2月26日\n各位代表：\n一、2004年工作回顾\n2004年，全县经济持续发展。",
        id="cell-with-escaped-crlf",
    ),
    pytest.param(
        "提出意见。\\r\\n一、过去五年工作回顾\\r\\n\\r\\n五年来，我们扎实工作。 \\r\\n\\r\\n（一）加快工业转型",
        "提出意见。\n一、过去五年工作回顾\n\n五年来，我们扎实工作。\n\n（一）加快工业转型",
        id="escaped-blank-lines-and-trailing-space",
    ),
    pytest.param(
        "提出意见。\\r\\n&nbsp;\\r\\n一、2022年工作回顾\\r\\n&nbsp;\\r\\n2022年是重要的一年。",
        "提出意见。\n\n一、2022年工作回顾\n\n2022年是重要的一年。",
        id="nbsp-entity-lines-between-escaped-breaks",
    ),
    # invented: a JSON field saved with all its string escapes
    pytest.param(
        r'各位代表：\n\u3000\u3000一、工作回顾\n实施\"十大工程\"。\n\t二、主要任务\n',
        "各位代表：\n一、工作回顾\n实施\"十大工程\"。\n二、主要任务\n",
        id="json-field-with-unicode-quote-and-tab-escapes",
    ),
    # saved web pages written out by R, which spells characters of no local code page as <U+XXXX>
    pytest.param(
        "<U+00A0><U+00A0><U+00A0> 各位代表：\n<U+00A0>\n一、1998年工作回顾\n",
        "各位代表：\n\n一、1998年工作回顾\n",
        id="r-codepoint-nbsp-indent-and-line",
    ),
    pytest.param(
        "上一页<U+00A0><U+00A0>1<U+00A0><U+00A0>2<U+00A0><U+00A0>下一页",
        "上一页\u00a0\u00a01\u00a0\u00a02\u00a0\u00a0下一页",
        id="r-codepoint-nbsp-inside-a-line-is-a-real-nbsp",
    ),
    pytest.param("加强<U+200D>建设", "加强建设", id="r-codepoint-zero-width-joiner-goes"),
    # pages passed through an encoding without the page's spaces: each became "?"
    pytest.param("重点抓好六项工作：\n??（一）提升产业创新能力", "重点抓好六项工作：\n（一）提升产业创新能力",
                 id="encoder-question-marks-hiding-a-heading"),
    pytest.param("政??府??工??作??报??告\n（2008年3月27日）????各位代表：",
                 "政府工作报告\n（2008年3月27日）    各位代表：", id="encoder-question-marks-for-spaces"),
    # invented: the general forms (html.unescape semantics), also escaped twice
    pytest.param("&#12288;&#12288;一、工作回顾\n", "一、工作回顾\n", id="decimal-ideographic-space-indent"),
    pytest.param("&amp;nbsp;二、主要任务\n", "二、主要任务\n", id="double-escaped-nbsp"),
    pytest.param("&nbsp 三、主要任务\n", "三、主要任务\n", id="legacy-nbsp-without-semicolon"),
    pytest.param("城乡&lt;统筹&gt;发展&#x4e00;&amp;二", "城乡<统筹>发展一&二", id="named-and-hex-references"),
]

# --- report wording that must stay ----------------------------------------------------------------------------

MUST_STAY_CASES = [
    pytest.param("R&D经费投入强度达3.2%，研究与试验发展（R&D）经费增长", SAME, id="r-and-d"),
    pytest.param("AT&T与P&G合作", SAME, id="ampersand-in-names"),
    pytest.param("详见http://www.gov.cn/?id=1&reg=2&copy=3", SAME, id="url-parameters-that-look-like-entities"),
    pytest.param("&#0;与&D", SAME, id="a-reference-to-nothing"),
    pytest.param("公式a\\nb与路径C:\\report", SAME, id="too-few-escaped-breaks-to-be-the-line-breaks"),
    pytest.param("转义\\\\n\\\\n\\\\n三次", SAME, id="escaped-backslash-is-not-a-break"),
    pytest.param("<U+12>与<U+D800>", SAME, id="no-codepoint-or-a-lone-surrogate"),
    pytest.param("县长吴?同志，为什么？？", SAME, id="one-question-mark-for-a-rare-character-and-full-width-ones"),
    pytest.param("见 http://www.gov.cn/?a=1 与 what??now", SAME, id="question-marks-in-latin-text"),
]


@pytest.mark.parametrize(("raw", "cleaned"), FULL_CORPUS_CASES)
def test_escapes_of_the_full_corpus(raw: str, cleaned: str | None):
    check(raw, cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), MUST_STAY_CASES)
def test_wording_like_an_escape_stays(raw: str, cleaned: str | None):
    check(raw, cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), FULL_CORPUS_CASES)
def test_each_decoded_character_maps_to_its_escape(raw: str, cleaned: str | None):
    clean = clean_text(raw)
    assert len(clean.offsets) == len(clean.text) + 1 and clean.offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))
    for i, ch in enumerate(clean.text):
        source = raw[clean.offsets[i]]
        assert source == ch or source in "\\<&" or (source, ch) == ("?", " "), (i, ch, source)


def test_headings_after_escaped_breaks_are_found():
    raw = (
        "XX县人民政府工作报告\\r\\n各位代表：\\r\\n一、2023年工作回顾\\r\\n全年完成生产总值120亿元，增长6.5%。"
        "\\r\\n二、2024年工作安排\\r\\n今年的主要预期目标是：生产总值增长6%左右。\\r\\n"
        "三、全面加强政府自身建设\\r\\n我们将坚持依法行政。"
    )
    clean = clean_text(raw)
    titles = [s.title for s in find_outline(clean.text).sections if s.level == 1]
    assert titles == ["一、2023年工作回顾", "二、2024年工作安排", "三、全面加强政府自身建设"]
    heading = clean.text.index("二、2024年")
    assert raw[clean.offsets[heading] :].startswith("二、2024年工作安排")


def test_escapes_make_one_edit_each():
    text = "<U+00A0>" * 3 + "一、" + "&nbsp;" * 2
    assert decode_escapes(text) == [
        Edit(0, 8, "\u00a0"), Edit(8, 16, "\u00a0"), Edit(16, 24, "\u00a0"), Edit(26, 32, "\u00a0"),
        Edit(32, 38, "\u00a0"),
    ]


# --- the offset map under many edits (one per escape, per CRLF, per full-width run) ---------------------------


def test_offset_map_keeps_same_length_edits_out_of_its_runs():
    text = "１２３４５６" * 1000
    edits = [Edit(i, i + 1, str(i % 10)) for i in range(0, len(text), 2)]
    offsets = OffsetMap(len(text))
    offsets.apply(edits)
    assert len(offsets._runs) == 1  # a 1:1 substitution leaves the map as it was
    assert offsets.to_tuple() == tuple(range(len(text) + 1))


def test_offset_map_with_many_deletions_and_replacements():
    text = "ab\r\n" * 500 + "&nbsp;x" * 500
    edits = [Edit(i * 4 + 2, i * 4 + 3) for i in range(500)]
    edits += [Edit(2000 + i * 7, 2000 + i * 7 + 6, " ") for i in range(500)]
    offsets = OffsetMap(len(text))
    offsets.apply(edits)
    out = apply_text_edits(text, edits)
    assert out == "ab\n" * 500 + " x" * 500
    mapped = offsets.to_tuple()
    assert [text[mapped[i]] for i in range(6)] == ["a", "b", "\n", "a", "b", "\n"]
    assert [text[mapped[1500 + i]] for i in range(4)] == ["&", "x", "&", "x"]
    assert mapped[-1] == len(text)
