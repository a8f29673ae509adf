"""Patterns that decide how lines of a laid-out page (PDF) go back together. Compiled once, ordered, each
with the real wording it targets."""

import re

# a line ending one of these (optionally followed by closing quotes/brackets) ends a sentence, so a line break
# after it is kept: 。！？；： and their ASCII forms, the ellipsis
SENTENCE_END = re.compile(r"[。！？；：!?;:…][”’」』）)】]*$")

# a line starting like this opens a heading or list item, never continues the line before it
HEADING_START = re.compile(
    r"^\s*(?:"
    r"第[一二三四五六七八九十百零〇\d]+[部分章节条篇]"  # 第一部分 第三章 第五条
    r"|[一二三四五六七八九十]+[、．.]"  # 一、 二．
    r"|[（(][一二三四五六七八九十]+[）)]"  # （一） (二)
    r"|\d{1,2}[、．.](?!\d)"  # 1、 2． 3.  (not 3.5亿)
    r"|[（(]\d{1,2}[）)]"  # （1） (2)
    r"|[①-⑳]"  # ① ②
    r"|附件|附表|附："  # attachments after the body
    r")"
)

# page furniture printed on every page: "- 3 -", "— 3 —", "第3页", "第 3 页 共 10 页", "3/10", "Page 3", a bare "3"
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－ ]*\d{1,4}[-—–－ ]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r")\s*$",
    re.I,
)

# copies of a running head/foot differ in their digits ("第3页") and spacing; compared with both masked
RUNNING_SHAPE = re.compile(r"\d+|\s+")

# pdfminer writes glyphs without a Unicode mapping as "(cid:123)"
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")

# spaces a PDF's glyph spacing (justified Chinese lines) makes pdfminer insert between Chinese characters
_CJK = r"\u2014\u2018-\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \u00a0]+(?=[{_CJK}])")
