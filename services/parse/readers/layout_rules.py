"""Patterns that decide how lines of a laid-out page (PDF) go back together. Compiled once, ordered, each
with the real wording it targets; the Chinese-text pieces come from ``shared.chinese``."""

import re

from shared.chinese import (
    CHINESE_TEXT_CLASS,
    LINE_OPENER,
    MARGIN_PAGE_NUMBER,
    NBSP,
    PAGE_MARK,
    SENTENCE_END_AT_END,
)

# a line ending one of these (optionally followed by closing quotes/brackets) ends a sentence, so a line break
# after it is kept: 。！？；： and their ASCII forms, the ellipsis
SENTENCE_END = re.compile(SENTENCE_END_AT_END)

# a line starting like this opens a heading or list item (一、 （一） ㈠ 1、 1. ⒈ （1） ⑴ ① 1） 第一部分 第五条 一是
# 附件 目录), never continues the line before it; "1.5亿" is a number, not a marker
HEADING_START = re.compile(rf"^\s*{LINE_OPENER}")

# page furniture printed on every page: "- 3 -", "— 3 —", "第3页", "第三页", "第 3 页 共 10 页", "3/10",
# "Page 3", and (a line in the page's margin band) a bare "3"
PAGE_NUMBER = re.compile(rf"^\s*(?:{PAGE_MARK}|{MARGIN_PAGE_NUMBER})\s*$")

# copies of a running head/foot differ in their digits ("第3页") and spacing; compared with both masked
RUNNING_SHAPE = re.compile(r"\d+|\s+")

# pdfminer writes glyphs without a Unicode mapping as "(cid:123)"
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")

# spaces a PDF's glyph spacing (justified Chinese lines) makes pdfminer insert between Chinese characters
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CHINESE_TEXT_CLASS}])[ {NBSP}]+(?=[{CHINESE_TEXT_CLASS}])")
