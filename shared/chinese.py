"""The Chinese-text vocabulary every rule table is built from: character classes, spaces, full-width forms,
numerals, punctuation sets, heading-number markers and page marks.

Only building blocks live here (strings, regex sources, small tables, two tiny numeral readers). Each rule
module (``readers/*_rules.py``, ``cleaning/rules.py``, ``sectioning/patterns.py``, ``extract/metrics/patterns.py``)
derives its own patterns from them and keeps its own thresholds, so a form added here reaches every consumer
and the consumers cannot disagree on what, say, "a heading starts here" means. The model is JioNLP's
``jionlp/rule/rule_pattern.py`` (one module of Chinese-text patterns every rule imports); unlike it, the rules
themselves stay in the consumers' rule modules and the logic in theirs.

Regex pieces named ``*_CLASS`` are character-class bodies (no brackets), to be combined: ``f"[{HAN_CLASS}]"``.
Pieces named like forms (``HEADING_MARKER``, ``LINE_OPENER``, ``PAGE_MARK``) are regex sources without anchors.

Derived by — the copies this module replaces (inventory of services/ and shared/, issue #8, item 1). Converted
ones name the import:

* horizontal spaces: converted: ``cleaning/rules.py`` HSPACE (this set), ``sectioning/patterns.py`` SPACE_CHARS
  and ``sectioning/lines.py`` _FLATTENED_BREAK (space, tab, IDEOGRAPHIC_SPACE, NBSP: subsets of it),
  ``readers/html.py`` line strip (was " \\t\\u3000\\u00a0"), ``readers/html_rules.py`` HTML_SPACE,
  ``readers/layout_rules.py`` SPACE_BETWEEN_CJK (its PDF glyph-gap set: space and NBSP).
* Han / CJK classes: converted: ``extract/metrics/naming.py`` _ALL_HAN, _RUNS, ``extract/metrics/patterns.py`` and
  ``mentions.py`` ``[\\u4e00-\\u9fff]`` (all had the unified block only), ``cleaning/chars.py``
  _CJK_RANGES and _is_cjk (HAN_RANGES), ``cleaning/rules.py`` _CJK and _FIELD_PIECE, ``sectioning/patterns.py``
  HAS_CJK, RUN_IN_TITLE_END, SPEAKER (HAN_CLASS; they had the unified block only), ``readers/layout_rules.py``
  and ``readers/html_rules.py`` _CJK (Chinese text incl. punctuation, had no compatibility ideographs),
  ``readers/text.py`` hanzi and full-width ranges of the encoding score.
* full-width → half-width: converted: ``cleaning/rules.py`` FULLWIDTH_TABLE and CHARACTER_CLASSES (HALFWIDTH_OF but
  ，：；？！（）．, and ． between digits, spaces allowed; were digits, Latin letters and ％ only), which replaced
  ``extract/metrics/patterns.py`` FULLWIDTH (all of U+FF01–FF5E but ，；（）, and U+3000 → space) with
  ``mentions.normalize`` (a second normalisation pass, removed: extraction reads cleaned text and matches ： as
  well as : where it read ":"),
  ``cleaning/lines.py`` _PUNCTUATION_OR_SPACE, ``[0-9０-９]`` in ``sectioning/patterns.py`` (DIGIT_CLASS),
  ``readers/docx_numbering.py`` decimalFullWidth (was ``+ 0xFEE0``).
* Chinese digits and values: MULTIPLIERS in ``extract/metrics/patterns.py`` (a different thing: multipliers after an
  arabic number, kept there); converted: ``extract/metrics/patterns.py`` CN_DIGITS (CN_NUMERAL_CLASS, now with
  兩), CN_NOT_COUNT_AFTER, NOT_METRIC_AFTER, ``extract/metrics/mentions.py`` _CN_HAS_DIGIT,
  ``extract/metrics/numbers.py`` _SIMPLE_CN (CN_DIGIT_VALUES) and the 百千万亿 test before cn2an (CN_UNIT_VALUES),
  ``extract/metrics/naming_rules.py`` YEAR_WORD, ``extract/metrics/__init__.py`` _HEADING_NUMBER,
  ``sectioning/patterns.py`` CN_DIGITS and the ``[一二三四五六七八九十]`` inline
  (CN_COUNTING), ``sectioning/headings.py`` _CN_VALUES, cn_number, marker_number (imported), ``cleaning/rules.py``
  PAGE_MARK_LINE, HEADING_START, RUN_IN_ENUMERATION, DATELINE, ``readers/layout_rules.py`` HEADING_START,
  ``readers/docx_numbering.py`` _DIGITS.
* OCR letter-for-digit repair: ``extract/metrics/patterns.py`` _OCR (without "o": a second repair pass on cleaned
  text, kept); converted: ``extract/metrics/patterns.py`` OCR_DIGITS, ``cleaning/rules.py`` OCR_LETTER,
  OCR_RUN_CHARS, OCR_DIGIT_TABLE.
* sentence ends, clause breaks: converted: ``extract/metrics/patterns.py`` SENTENCE_BREAKS, CLAUSE_BREAKS (now
  CLAUSE_STOPS), ``extract/metrics/boundaries.py`` CUE_BREAKS, ``extract/metrics/respectively.py`` _SUBJECT_BREAKS,
  _SENTENCE_BREAKS, ``extract/metrics/mentions.py`` _ENUMERATION_BREAK, _SIGN_AFTER, ``cleaning/rules.py`` SENTENCE_END (SENTENCE_END_AT_END; was a set that also
  counted a lone closing quote, bracket or 》 as an end — in text without hard wraps a line ending on one is
  still left a paragraph, UNWRAPPED_PARAGRAPH_END), SENTENCE, SENTENCE_CLOSE, SENTENCE_END_CHAR, CLAUSE_MARK,
  CLAUSE_BREAK and CLAUSE_END, CLAUSE_CUTS, CANNOT_START_SENTENCE; ``cleaning/furniture.py`` the "no sentence in
  it" test; ``sectioning/patterns.py`` LINE_CLOSED (SENTENCE_END_AT_END; had no … ’ and took a lone closer as an
  end), RUN_IN_START, RUN_IN_LIST_START, DOC_TITLE_END, TITLE_FORBIDDEN, SENTENCE_INSIDE, SENTENCE_END,
  TITLE_TRIM, COMMA, RUN_ON_TITLE_AFTER; ``readers/layout_rules.py`` SENTENCE_END.
* quotes and brackets: converted: ``extract/metrics/patterns.py`` OPEN_QUOTES / CLOSE_QUOTES (imported by
  ``mentions.py`` from here), ``extract/metrics/naming_rules.py`` OPEN_QUOTES / CLOSE_QUOTES (with brackets and
  [ ]) and BRACKETS (OPEN_BRACKETS but 【〔), the closers of
  ``cleaning/rules.py`` SENTENCE_END / SENTENCE (TRAILING_CLOSERS) and ``sectioning/patterns.py`` LINE_CLOSED;
  ``readers/encoding_tables.py`` CJK_PUNCTUATION (a detection-score table of what Chinese prose holds, kept).
* "a heading starts here": converted: ``cleaning/rules.py`` HEADING_START (LINE_OPENER; had no ⑴ ㈠ ⒈ 附表 附：,
  refused "1、2023年…"; read by ``cleaning/wraps.py``, ``cleaning/lines.py`` (page breaks, running heads),
  ``cleaning/fragments.py``, ``cleaning/chrome.py``, ``cleaning/furniture.py``) and RUN_IN_ENUMERATION (the
  enumeration opener); ``sectioning/patterns.py`` MARKERS (HEADING_MARKERS, with the sectioner's own
  "1 经济发展平稳") and HEADING_FIRST_CHAR (MARKER_FIRST_CHARS); ``readers/layout_rules.py`` HEADING_START (had
  no ⑴ ㈠ ⒈ 1） 一） 一是 目录, and refused "1、2023年…" for its ``(?!\\d)`` after 、).
* page marks: converted: ``cleaning/rules.py`` PAGE_MARK_LINE (PAGE_MARK), _PAGE_COUNTER and PAGE_COUNTER_LINE
  (PAGE_COUNTER); ``readers/layout_rules.py`` PAGE_NUMBER (had no 第三页, 共10页第3页, "Page 3/10").
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

# --- characters ----------------------------------------------------------------------------------------

# Han ideographs: the unified block and extension A (what Chinese prose is written in), and the compatibility
# ideographs that Big5/Korean conversions leave in a text.
HAN_BASIC_RANGES = ((0x4E00, 0xA000), (0x3400, 0x4DC0))  # [start, stop)
HAN_COMPAT_RANGE = (0xF900, 0xFB00)
HAN_RANGES = (*HAN_BASIC_RANGES, HAN_COMPAT_RANGE)
HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Full-width forms of ASCII (！ … ～, U+FF01–FF5E) are their ASCII character plus this offset.
FULLWIDTH_OFFSET = 0xFEE0
FULLWIDTH_ASCII_RANGE = (0xFF01, 0xFF5F)  # [start, stop)
FULLWIDTH_DIGITS = "０１２３４５６７８９"
FULLWIDTH_UPPER = "".join(chr(ord("A") + i + FULLWIDTH_OFFSET) for i in range(26))
FULLWIDTH_LOWER = "".join(chr(ord("a") + i + FULLWIDTH_OFFSET) for i in range(26))
# Every full-width ASCII form → its ASCII code point; consumers pick the part they normalise (cleaning keeps
# Chinese punctuation such as ，。：；（） full-width and turns digits, Latin letters and ％ half-width).
HALFWIDTH_OF: dict[int, int] = {code: code - FULLWIDTH_OFFSET for code in range(*FULLWIDTH_ASCII_RANGE)}
# Digits in either width, as a class body (readers and the sectioner see text the cleaner has not normalised).
DIGIT_CLASS = "0-9０-９"

# The characters of Chinese running text, punctuation included: a line break or a space between two of them is
# no word gap (em dash, curly quotes, ellipsis, CJK symbols and punctuation, Han, full-width forms).
CHINESE_TEXT_CLASS = r"\u2014\u2018-\u201d\u2026\u3000-\u303f" + HAN_CLASS + r"\uff00-\uffef"

# Horizontal spaces of scraped and converted reports: ASCII space and tab, NBSP (Word/HTML), en, em and thin
# spaces, and the ideographic space U+3000 used for indentation.
NBSP = "\u00a0"
IDEOGRAPHIC_SPACE = "\u3000"
HSPACE = " \t" + NBSP + "\u2002\u2003\u2009" + IDEOGRAPHIC_SPACE

# --- numerals ------------------------------------------------------------------------------------------

# Chinese digits and their values (〇 and 零 are zero; 两/兩 is two as a count: "两个确保").
CN_DIGIT_VALUES: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9,
}
# Multipliers written after a digit inside a Chinese numeral ("三百二十", "五千万", "两亿").
CN_UNIT_VALUES: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CLASS = "".join(CN_DIGIT_VALUES) + "".join(CN_UNIT_VALUES)
# The digits headings count with, 一 to 十 ("一、" … "十二、", "（三）", "第五部分").
CN_COUNTING = "一二三四五六七八九十"
# Digit by value, for writing numbers out (Word's chineseCounting labels).
CN_DIGIT_BY_VALUE = "零一二三四五六七八九"

# OCR letter-for-digit misreadings in scanned reports: I and l for 1, O and o for 0 ("IlOO多万元").
OCR_DIGIT_LETTERS: dict[str, str] = {"I": "1", "l": "1", "O": "0", "o": "0"}

_COUNTING_VALUES = {ch: i for i, ch in enumerate(CN_COUNTING, 1)}


def cn_number(numeral: str) -> int:
    """一..九十九 as written in heading markers ("十一", "二十")."""
    if "十" not in numeral:
        return _COUNTING_VALUES.get(numeral[-1], 0)
    tens, _, units = numeral.partition("十")
    return (_COUNTING_VALUES.get(tens, 1) if tens else 1) * 10 + (_COUNTING_VALUES.get(units, 0) if units else 0)


def marker_number(group: str) -> int:
    """The number a heading marker's captured group stands for: 一, 12, １２, ㈢, ⒉, ⑶, ④."""
    if group[0] in CN_COUNTING:
        return cn_number(group)
    if len(group) == 1 and not group.isascii() and unicodedata.category(group) == "No":
        return int(unicodedata.numeric(group))
    return int(unicodedata.normalize("NFKC", group))


# --- punctuation ---------------------------------------------------------------------------------------

FULL_STOPS = "。！？!?"  # close a sentence
SEMICOLONS = "；;"
COLONS = "：:"
CLAUSE_ENDS = SEMICOLONS + COLONS  # close a clause; a paragraph or a list may end there
ELLIPSIS = "…"
COMMAS = "，,"
CLAUSE_BREAKS = COMMAS + "、"  # comma and enumeration comma: the sentence goes on
# A line ending in one of these (optionally followed by TRAILING_CLOSERS) ends a sentence: "。", "：", "……".
SENTENCE_END = FULL_STOPS + CLAUSE_ENDS + ELLIPSIS
OPEN_QUOTES = "“‘「『《"
CLOSE_QUOTES = "”’」』》"
OPEN_BRACKETS = "（(【〔〈"
CLOSE_BRACKETS = "）)】〕〉"
# What may close after a sentence's end mark: quotes and brackets ("…。”", "…。）"); a title's 》 does not.
TRAILING_CLOSERS = "”’」』）)】"
# A short bracketed note may follow the end of a sentence: "…保基层运转。（见第1页）", "…。(完)".
TRAILING_NOTE = r"[（(][^（()）\n]{1,20}[）)]"
# A line that ends a sentence: an end mark, then closers and perhaps a note, at the end of the line. A closing
# quote or bracket alone ("…认真贯彻《条例》", "…《纲要（草案）") does not end one.
SENTENCE_END_AT_END = rf"[{SENTENCE_END}][{TRAILING_CLOSERS}]*(?:\s*{TRAILING_NOTE})?$"

# --- heading numbers -----------------------------------------------------------------------------------


class MarkerKind(NamedTuple):
    """A kind of heading number of Chinese reports.

    ``level`` is the level the gold annotates for it; ``depth`` orders kinds for building the tree (smaller =
    outer), finer than level because "第一部分" holds "一、" headings although both are level 1. ``first`` is
    the class body of the characters the marker starts with (a cheap test before trying the forms);
    ``forms`` are regex sources, each with at most one group, capturing the number (read by marker_number).
    """

    name: str
    level: int
    depth: int
    first: str
    forms: tuple[str, ...]


# Heading numbers, outermost first; full- and half-width brackets and digits alike.
HEADING_MARKERS: tuple[MarkerKind, ...] = (
    # "第一部分 2023年工作回顾", "第二章", "第三篇" — the divisions of long reports
    MarkerKind("chapter", 1, 5, "第", (rf"第[{CN_COUNTING}百零〇两]{{1,3}}(?:部分|章|篇)",)),
    # "一、2023年工作完成情况"; some conversions write "一." or "一．"
    MarkerKind("cn", 1, 10, CN_COUNTING, (rf"([{CN_COUNTING}]{{1,3}})[、.．]",)),
    # "（一）夯实政治建设", "(一)", mixed "（一)"; "㈠" from Word auto-numbering
    MarkerKind("paren_cn", 2, 20, "（(㈠-㈩", (rf"[（(]([{CN_COUNTING}]{{1,3}})[）)]", r"([㈠-㈩])")),
    # "1.坚持理论武装头脑", "1、农保和医保工作", "1．", "⒈"; "1.5万" and "2023.10" are numbers, not markers
    MarkerKind(
        "arabic", 3, 30, DIGIT_CLASS + "⒈-⒛",
        (rf"([{DIGIT_CLASS}]{{1,2}})(?:、|[.．](?![{DIGIT_CLASS}]))", r"([⒈-⒛])"),
    ),
    # "（1）", "(1)", "⑴", "①", and the rarer "1）"
    MarkerKind(
        "paren_arabic", 4, 40, "（(⑴-⒇①-⑳" + DIGIT_CLASS,
        (rf"[（(]([{DIGIT_CLASS}]{{1,2}})[）)]", r"([⑴-⒇])", r"([①-⑳])", rf"([{DIGIT_CLASS}]{{1,2}})[）)]"),
    ),
)

# Line openers that are no heading of the tree but still start their own line: a line starting like this never
# continues the line before it. (name, regex source).
LINE_OPENERS: tuple[tuple[str, str], ...] = (
    # divisions numbered any way: "第五条", "第二节" (regulations and plans attached to a report), "第3部分",
    # "第一百零一章" (the tree's chapter marker takes "第" + up to three Chinese digits + 部分/章/篇)
    ("division", rf"第[{CN_COUNTING}百零〇两{DIGIT_CLASS}]+(?:部分|章|篇|节|条)"),
    # "一）": a sloppy "（一）" ("1）" is a paren_arabic marker)
    ("cn_half_paren", rf"[{CN_COUNTING}]{{1,3}}[）)]"),
    # "一是…二是…": a run-in enumeration usually opens its own paragraph
    ("enumeration", rf"[{CN_COUNTING}]是"),
    # attachments after the body, and a table of contents
    ("attachment", r"附件|附表|附[：:]"),
    ("contents", r"目\s*录"),
)

# A heading number at this position (any kind), and anything that opens its own line.
_MARKER_FORMS = tuple(form for kind in HEADING_MARKERS for form in kind.forms)
HEADING_MARKER = "(?:" + "|".join(_MARKER_FORMS) + ")"
LINE_OPENER = "(?:" + "|".join((*_MARKER_FORMS, *(source for _, source in LINE_OPENERS))) + ")"
# Characters any heading number starts with.
MARKER_FIRST_CHARS = "".join(kind.first for kind in HEADING_MARKERS)

# --- page marks ----------------------------------------------------------------------------------------

# Page counters, inside running text too: "第 3 页 共 10 页", "第3页/共10页", "共10页第3页".
PAGE_COUNTER = r"第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
# A line that is nothing but one of these is a page mark wherever it stands. (example, regex source)
PAGE_MARK_FORMS: tuple[tuple[str, str], ...] = (
    ("第 3 页 共 10 页", PAGE_COUNTER),
    ("第 3 页", r"第\s*\d{1,4}\s*页"),
    ("第三页", rf"第\s*[{CN_COUNTING}百零〇]{{1,5}}\s*页"),
    ("- 3 -", r"[-－—–]{1,2}\s*\d{1,4}\s*[-－—–]{1,2}"),  # Word/WPS footers, "— 3 —"
    ("3/10", r"\d{1,4}\s*/\s*\d{1,4}"),
    ("Page 3 of 10", r"(?i:page|p\.)\s*\d{1,4}(?:\s*(?i:of|/)\s*\d{1,4})?"),
)
PAGE_MARK = "(?:" + "|".join(source for _, source in PAGE_MARK_FORMS) + ")"
# A bare number, dashes on either side optional ("3", "- 3"): a page mark only where the layout says so (the top
# or bottom band of a PDF page); in running text it may be a table cell or a figure.
MARGIN_PAGE_NUMBER = r"[-－—–]*\s*\d{1,4}\s*[-－—–]*"

# --- administrative divisions and reports ----------------------------------------------------------------

# The province-level divisions of the PRC (official names, GB/T 2260) and the short names reports use for them
# ("省委" aside, a title may say "山东" or "内蒙古"). The four municipalities are province-level.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "北京"), ("天津市", "天津"), ("上海市", "上海"), ("重庆市", "重庆"),
    ("河北省", "河北"), ("山西省", "山西"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("黑龙江省", "黑龙江"),
    ("江苏省", "江苏"), ("浙江省", "浙江"), ("安徽省", "安徽"), ("福建省", "福建"), ("江西省", "江西"),
    ("山东省", "山东"), ("河南省", "河南"), ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"),
    ("海南省", "海南"), ("四川省", "四川"), ("贵州省", "贵州"), ("云南省", "云南"), ("陕西省", "陕西"),
    ("甘肃省", "甘肃"), ("青海省", "青海"), ("台湾省", "台湾"),
    ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"), ("西藏自治区", "西藏"), ("宁夏回族自治区", "宁夏"),
    ("新疆维吾尔自治区", "新疆"), ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
)
MUNICIPALITIES = frozenset(("北京市", "天津市", "上海市", "重庆市"))

# Administrative levels of a report's issuing body, outermost first (a closed vocabulary: the analysis core,
# the store and the filters use exactly these strings), and the kinds of body.
LEVELS = ("national", "province", "city", "county", "town", "subdistrict", "village")
BODY_KINDS = ("government", "department", "party", "other")
# How a Chinese reader names each level (the API's filters and the user's corrections take either form; the
# dashboard shows these), and the other names a user may type for it.
LEVEL_NAMES = dict(zip(LEVELS, ("国家", "省", "市", "县", "乡镇", "街道", "村"), strict=True))
LEVEL_ALIASES = {"全国": "national", "中央": "national", "省级": "province", "市级": "city", "地市": "city",
                 "县级": "county", "区县": "county", "县区": "county", "乡": "town", "镇": "town",
                 "乡级": "town", "社区": "village", "村级": "village"}
# Report types, as reports name themselves; "other" for a report of another kind (预算报告, 通报, 绩效评价报告).
REPORT_TYPES = ("政府工作报告", "工作总结", "工作计划", "工作汇报", "述职报告", "要点", "other")

# Characters that stand for a removed name in anonymised and template reports: "XX镇", "某乡", "**区", "×县".
PLACEHOLDER_CHARS = "XxＸｘ×*＊某〇○"
