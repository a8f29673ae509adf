"""Pattern tables of the cleaner: what scrape and conversion noise looks like. Logic lives elsewhere.

Each table is ordered and each entry names the real noise or wording it targets. Regexes compile at import.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from shared.chinese import (
    CLAUSE_BREAKS,
    CLAUSE_ENDS,
    CLOSE_QUOTES,
    CN_COUNTING,
    COMMAS,
    FULL_STOPS,
    HALFWIDTH_OF,
    HAN_CLASS,
    HSPACE,
    IDEOGRAPHIC_SPACE,
    LINE_OPENER,
    LINE_OPENERS,
    MARKER_FIRST_CHARS,
    NBSP,
    OCR_DIGIT_LETTERS,
    PAGE_COUNTER,
    PAGE_MARK,
    SEMICOLONS,
    SENTENCE_END_AT_END,
    TRAILING_CLOSERS,
)
from shared.chinese import SENTENCE_END as SENTENCE_END_MARKS

_TONE_VOWEL = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Empty brackets: links and images whose text the scrape lost ("[]", "《》()", "【】").
_EMPTY_BRACKETS = r"(?:[\[【(（《「『〔]\s*[\]】)）》」』〕]\s*)+"

# Horizontal whitespace (shared.chinese.HSPACE): runs of it at a line's edge or between two CJK characters
# ("工 作 总 结", "乡村 振兴": a PDF extraction artefact) are removed.

# A letter-spaced line of a PDF (a title set with wide tracking): every character, digits and Latin letters
# too, stands apart ("X X 市 生 态 环 境 局 2 0 2 3 年 工 作 总 结"); all its single spaces go.
LETTER_SPACED_LINE = re.compile(rf"(?m)^[ {IDEOGRAPHIC_SPACE}]*(?:[^\s][ {IDEOGRAPHIC_SPACE}]){{5,}}[^\s][ {IDEOGRAPHIC_SPACE}]*$")
LETTER_SPACED_MIN_CJK_SHARE = 0.5

# A line that ends a sentence or a clause that may end a paragraph (shared.chinese.SENTENCE_END_AT_END: an end
# mark, then closing quotes or brackets and perhaps a short note); a line not ending so was cut mid-sentence
# (page break, hard wrap). A closing quote, bracket or title mark alone ends nothing ("…认真贯彻《条例》").
SENTENCE_END = re.compile(SENTENCE_END_AT_END)
# The marks themselves: a line holding none of them has no sentence in it.
SENTENCE_MARKS = SENTENCE_END_MARKS
# What else a line ending a sentence may end on (a closer, or a note's bracket): any other last character and
# SENTENCE_END need not be tried.
SENTENCE_END_LAST = TRAILING_CLOSERS

# --- markers removed wherever they stand -------------------------------------------------------------

# Paywall markers of material-sharing sites: "##paidbegin##…##paidend##", sometimes inside a word or name
# ("张##paidbegin##润槐书记").
PAYWALL_MARKER = re.compile(r"##\s*paid\s*(?:begin|end)\s*##", re.IGNORECASE)

# Span noise that can sit inside a line with real text, removed as a span (the line goes too when nothing
# else is left on it). Each entry: (a literal the noise always contains, so clean text skips the regex; regex).
NOISE_SPANS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Document-sharing header: "《2023年XX镇政府工作报告.docx》由会员分享,可在线阅读,更多相关《….docx(11页珍藏版)》
    # 请在优知文库上搜索。" (also 用户上传/网友分享, …网上搜索).
    (
        "》",
        re.compile(
            r"《[^》\n]{1,200}》\s*由[^\n，,。]{0,8}(?:分享|上传|提供)[^\n]{0,300}?(?:上搜索|下载)[。.]?"
        ),
    ),
    # Hidden-content notice: "……此处隐藏：3456字，全部文档内容请下载后查看。喜欢就下载吧 ……"
    (
        "此处隐藏",
        re.compile(
            r"[.…]*\s*此处隐藏[：:]?\s*\d*\s*字[^\n。]*[。.]?(?:[^\n。]{0,20}下载[^\n。]{0,10}[。.!！]?)?\s*[.…]*"
        ),
    ),
    # Preview disclaimer: "说明：文章内容仅供预览，部分内容可能不全。下载后的文档，内容与下面显示的完全一致。…"
    ("仅供预览", re.compile(r"说明\s*[:：]\s*(?:文章|文档)?内容仅供预览[^\n]*")),
    # Page counter inside running text of PDF conversions: "第 3 页 共 10 页", "共10页第3页".
    ("页", re.compile(PAGE_COUNTER)),
    # Inline pinyin after each character of some content farms: "乡(xiāng)镇(zhèn)", "發(fā)展".
    ("(", re.compile(rf"[(（](?<=[{HAN_CLASS}][(（])[a-zü]{{0,5}}[{_TONE_VOWEL}][a-zü{_TONE_VOWEL}]{{0,5}}[)）]")),
    # HTML tags left in the text: "<video id=\"dlf5r\"></video>", "<br/>".
    ("<", re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z-]+(?:=\"[^\"\n]*\")?)*\s*/?>")),
    # Pagination and markup tokens of site editors: "[NextPage]", "[page]", "[/url]".
    ("[", re.compile(r"\[/?[A-Za-z][A-Za-z_]{1,15}(?:=[^\]\n]{0,40})?\]")),
    # Link residue at a line's start with the punctuation it leaves: "《》()。初步形成…"; elsewhere the brackets.
    # (stray spaces at line edges are gone by now)
    # (patterns open with a character class so the scan is fast; the line-start test looks back from there)
    ("", re.compile(rf"[\[【(（《「『〔](?:(?<![^\n].)(?P<line_start>))?\s*[\]】)）》」』〕]\s*{_EMPTY_BRACKETS}?(?(line_start)[。，,.、；;]?)")),
    # A site's label set between single dashes before the text: "1、-精品合同推荐- 2008年街道办工作总结…".
    # (full-width dashes are half-width by now; a literal opening the pattern is scanned for fast)
    ("-", re.compile(r"-(?<![^\n、]-)[^\s\-。，,]{2,12}-(?=\s)")),
    # A word count or a machine date after a page title: "…工作思路(8520字)", "…工作总结 2021-04-02".
    # (one pattern per opening bracket: a literal is scanned for much faster than a character class)
    ("字", re.compile(r"\(\s*\d{3,6}\s*字\s*[)）]")),
    ("字", re.compile(r"（\s*\d{3,6}\s*字\s*[)）]")),
    *(
        ("-", re.compile(rf"(?m){century}(?<=[ \t{IDEOGRAPHIC_SPACE}]{century})\d{{2}}-\d{{1,2}}-\d{{1,2}}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?[ \t{IDEOGRAPHIC_SPACE}]*$"))
        for century in ("19", "20")  # (one pattern each: opening on a literal)
    ),
    # A page title written as a file or page name: "2022政府工作报告_市政府工作报告" (reports use no "_").
    # (the name starts after a space or a clause mark, so a long run of text is not searched for it)
    ("_", re.compile(rf"(?<![^\s、，,。])(?=[^\s_、，,。]{{0,39}}[{HAN_CLASS}])[^\s_、，,。]{{1,40}}(?:_[^\s_，,。]{{1,40}})+")),
    # A category tag glued to a page title repeats its last words: "…某乡政府工作总结工作总结 2021年…".
    ("总结", re.compile(r"总结(?:工作)?(?=总结)")),
    ("计划", re.compile(r"计划(?:工作)?(?=计划)")),
    # A category prefix glued to a page title: "乡镇政府工作总结|乡镇人民政府五年工作总结".
    ("|", re.compile(rf"(?m)^[{HSPACE}]*[^|｜\n。，,\d]{{2,30}}[|｜](?=[^|｜\n。，,\d]{{2,60}}(?:总结|计划|报告|汇报|要点)$)")),
)
# Triggers whose pattern matches only inside one line holding the trigger: only those lines are searched (the
# page-name pattern opens on a look-behind, so a scan of the whole text tries it at every position).
NOISE_SPANS_IN_LINES = frozenset({"_"})
# A promotional sentence of a content farm inside the text ("政府工作报告由我整理,希望给你…带来便利,猜你可能喜爱…。"):
# the phrase is found, then the sentence around it, at most PROMO_SENTENCE_REACH characters each way, goes.
PROMO_SENTENCES = tuple(
    re.compile(pattern)  # one pattern each, opening on a literal: the scan for it is fast
    for pattern in (
        r"由我整理", r"为(?:大家|你|您)(?:精心)?整理", r"给(?:大家|你|您)(?:精心)?整理", r"希望(?:能)?[给对](?:你|您|大家)",
        r"猜你(?:可能)?喜[欢爱]", r"供(?:大家|你|您|各位)参考", r"给(?:大家|你|您|各位)参考", r"不代表本站",
    )
)
PROMO_SENTENCE_REACH = 80
SENTENCE_CLOSE = FULL_STOPS

# --- whole lines -----------------------------------------------------------------------------------------

# A line that is nothing but a page mark. Matched from the line break before it, so the scan is fast; the
# cleaner puts a line break in front of the text for the first line.
# (shared.chinese.PAGE_MARK_FORMS: "第 3 页", "第三页", "- 3 -", "3/10", "Page 3 of 10"; a counter line is gone
# with the noise spans by then.)
PAGE_MARK_LINE = re.compile(rf"\n[{HSPACE}]*{PAGE_MARK}[{HSPACE}]*(?=\n|\Z)")

# A line that is nothing but a page counter: "第 2 页 共 6 页", "共6页第2页" (NOISE_SPANS removes it; running
# heads are found next to it before).
PAGE_COUNTER_LINE = re.compile(
    rf"\n[{HSPACE}]*(?:{PAGE_COUNTER})[{HSPACE}]*(?=\n|\Z)"
)
# A line (with no line break in it) that is nothing but a page mark or a counter: what PAGE_MARK_LINE or
# PAGE_COUNTER_LINE match after a line break put in front of it (PAGE_MARK includes the counter forms).
PAGE_MARK_WHOLE_LINE = re.compile(rf"[{HSPACE}]*{PAGE_MARK}[{HSPACE}]*\Z")
# The characters a page mark opens on besides a digit (shared.chinese.PAGE_MARK_FORMS: 第/共 of the page and counter
# forms, a dash, the P of "Page"/"p."): a stripped line opening otherwise is not matched against PAGE_MARK_WHOLE_LINE.
PAGE_MARK_FIRST = frozenset("第共-－—–Pp")



# A paragraph repeated verbatim (sharing sites print a preview, then the full text) is dropped when it is at
# least this long; shorter repeated lines (headings, "一、工作成效") are legitimately repeated in compilations.
DUPLICATE_MIN_CHARS = 30

# --- page-number fragments --------------------------------------------------------------------------------

# Sharing sites number their pages "1、" "2、" … at the start of each page, which a scrape glues to the front
# of whatever the page begins with, often mid-sentence: "…非税收\n2、入XX万元;".
# Matched from the line break before it (the cleaner puts one in front of the text for the first line).
PAGE_FRAGMENT = re.compile(r"\n(\d{1,3})、")
# Evidence that a page break cut a sentence where a fragment stands. Strong: what follows cannot start a
# sentence (",在镇财政极为困难"), the line before stops on a comma ("批零户、"), or a dictionary word runs
# across the break ("非税收|入" → 收入, "来之不|易"), looked at over this many characters on each side.
# Weak: the line before is long and ends without sentence punctuation.
CANNOT_START_SENTENCE = CLAUSE_BREAKS + "。." + CLAUSE_ENDS + "）)" + CLOSE_QUOTES + "%％"
CLAUSE_BREAK = CLAUSE_BREAKS
# A heading number cut off by a page break stands after the last of these in its line.
CLAUSE_CUTS = " \t" + IDEOGRAPHIC_SPACE + FULL_STOPS + SEMICOLONS
WORD_WINDOW = 4
FRAGMENT_MIN_PREVIOUS_CHARS = 40
# A chain of consecutive numbers is page numbering when at least this many of its breaks are strong cuts and
# this share are cuts of either kind; a real list of long unpunctuated items has weak cuts only.
FRAGMENT_MIN_STRONG_CUTS = 2
FRAGMENT_MIN_CUT_SHARE = 0.6

# --- broken lines -------------------------------------------------------------------------------------------

# Openings of a heading or list item (shared.chinese.LINE_OPENER: every heading number, "第五条", "一）", "一是",
# 附件/附表, 目录); a line starting like this is never glued to the line before it.
# (behind a test of the first character, which fails most lines at once: the other openers start like a heading
# number, with 第 or a Chinese digit, or are 附件/附表 and 目录)
HEADING_START = re.compile(f"(?=[{MARKER_FIRST_CHARS}附目])(?:{LINE_OPENER})")
# "一是…二是…" opens a paragraph, not a heading: hard-wrapped, its first line is glued on like any other.
RUN_IN_ENUMERATION = re.compile(dict(LINE_OPENERS)["enumeration"])
# In a document without hard wraps, a line ending mid-sentence is only glued to the next when it is at least
# this long (shorter ones are titles and headings without punctuation).
UNWRAPPED_JOIN_MIN_CHARS = 50
# There, a line is a paragraph: one ending on a closing quote, bracket or title mark lost its full stop
# ("…确保“一渠清水永续北上”" then the next paragraph) far more often than a page break fell right after one.
UNWRAPPED_PARAGRAPH_END = TRAILING_CLOSERS + "》"
# A line that stops on a clause break ("…同比增长12.5%，") is cut mid-sentence whatever its length: titles and
# headings never end on one.
CLAUSE_END = CLAUSE_BREAKS
# Hard-wrapped (PDF) text: at least this share of lines end within WRAP_TOLERANCE display columns of the
# usual full-line width, which is at most WRAP_MAX_WIDTH columns.
WRAP_MIN_SHARE = 0.5
WRAP_MIN_LINES = 6
# Text set in full-width characters is also found by character count: at least this many lines cut
# mid-sentence agree on the full length, and at most this share of the other lines run beyond it.
WRAP_MIN_CUT_LINES = 3
WRAP_MAX_LONGER_SHARE = 0.1
WRAP_TOLERANCE = 0.12
WRAP_MAX_WIDTH = 140


# --- characters ------------------------------------------------------------------------------------------

# Full-width forms of ASCII (digits, Latin letters, ％ and the other signs: ＋－／［］＆＠｜～…) become half-width;
# the Chinese punctuation of running text (，：；？！（）, and ． but between digits) stays full-width.
KEPT_FULLWIDTH = "，：；？！（）．"
FULLWIDTH_TABLE = {full: half for full, half in HALFWIDTH_OF.items() if chr(full) not in KEPT_FULLWIDTH}
# A full-width point "．" between digits is a decimal point: "6．28公里".

# OCR letter-for-digit errors: I/l read for 1, O/o read for 0, in a run of digits not touching other Latin
# letters ("IlOO多万元", "2O23年"); "PM2.5", "5G", "GDP", "COVID-19" do not qualify.
OCR_LETTER = re.compile(f"[{''.join(OCR_DIGIT_LETTERS)}]")
OCR_RUN_CHARS = frozenset("0123456789." + "".join(OCR_DIGIT_LETTERS))
LATIN_OR_DIGIT = re.compile("[A-Za-z0-9]")
OCR_DIGIT_TABLE = str.maketrans(OCR_DIGIT_LETTERS)
# What may follow a run made only of letters for it to be read as a number: units and hedges ("IlOO多万元").
NUMBER_FOLLOWERS = "多余万亿千百元个户人亩件项名家次场吨米%"

# Control and invisible characters of converted files: Windows/old Mac line ends, the form feed pdfminer puts
# at page breaks and the vertical tab of Word (all become "\n"), Unicode line/paragraph separators, BOM and
# zero-width characters and other C0 controls (deleted).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2028\u2029\u2060\ufeff]")
LINE_BREAK_CONTROLS = frozenset("\r\x0b\x0c\u2028\u2029")
# Character-class body of everything handled character by character (controls and full width); the cleaner
# adds "．" and the traditional characters and scans the text once.
CHARACTER_CLASSES = CONTROL_CHARS.pattern[1:-1] + "".join(map(chr, FULLWIDTH_TABLE))


# --- literal escapes, entities and repeated navigation ----------------------------------------------------
# Text a program wrote out with the escapes of its own format left in: line breaks as the two characters "\r\n"
# (a spreadsheet cell or a JSON/CSV field saved as text), characters its locale could not write as R's
# "<U+00A0>", and HTML character references of a scraped page ("&nbsp;", "&#12288;", "&amp;nbsp;" escaped
# twice). They stand for what they encode (line break, NBSP, …), which the character rules then normalise.
# A string escape of such a field: a line break ("\r\n", "\n", "\r"), a tab, "\uXXXX", a quote or a backslash,
# read left to right so "\\n" is an escaped backslash before an "n". They are decoded only in a text that uses
# escaped line breaks as its line breaks (ESCAPED_BREAK_MIN of them): a lone "\n" may be part of a path or a formula.
STRING_ESCAPE = re.compile(r"\\(?:r\\n|u[0-9a-fA-F]{4}|[nrt\"'\\/])")
ESCAPED_BREAKS = frozenset({"\\r\\n", "\\n", "\\r"})
ESCAPED_BREAK_MIN = 3
ESCAPED_CHARACTER = {"\\r\\n": "\n", "\\n": "\n", "\\r": "\n", "\\t": "\t"}  # the others: the character after "\\"
# R's "<U+XXXX>" for one code point.
CODEPOINT_ESCAPE = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>")
# An HTML character reference, also escaped more than once ("&amp;amp;nbsp;"): decimal, hex or named. A named one
# without its ";" counts only when it is a whole name HTML accepts so ("&nbsp 一、"), never a prefix of a word
# or a URL parameter ("R&D", "?id=1&reg=2").
CHARACTER_REFERENCE = re.compile(
    r"&(?:amp;)*(?P<ref>#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)(?P<next>=?)"
)
# What a lossy encoder wrote for the spaces it could not encode: a run of ASCII "?" ("（2008年3月27日）????各位代表：",
# "政??府??工??作", "??（一）…" hiding a heading). Chinese writes its question mark full width ("？"), so two or more
# "?" beside CJK text, a space or a line edge are spaces; a single "?" (a rare character of a name, "吴?") and
# "?" inside Latin text ("a??b", a URL) stay.
# (a run is found by its literal, which is fast to scan for, then its neighbours are looked at: a pattern opening
# on a look-behind is tried at every position of the text)
ENCODER_SPACES = re.compile(r"\?\?+")  # (two or more; written so it opens on a literal, which is scanned for fast)
ENCODER_SPACES_KEPT_BESIDE = frozenset(map(chr, range(0x21, 0x7F)))  # printable ASCII on both sides: Latin text

# Blocks of lines a saved page repeats: the article printed several times over (a print view, tab panes, a
# paged article saving its first page with every page link), a navigation list on every page. Such a block is
# at least REPEAT_BLOCK_LINES non-blank lines equal, in order, to an earlier run of lines, blank lines between
# them not counting (the copies are laid out with different gaps). A later copy goes when it holds a long line
# (a paragraph of DUPLICATE_MIN_CHARS characters, which no two reports share) or when it is printed at least
# REPEAT_BLOCK_MIN_COPIES times; short lines repeated fewer times in a row are what a compilation repeats
# ("一、工作回顾" in two of its reports) and stay, as does every first copy.
REPEAT_BLOCK_LINES = 3
REPEAT_BLOCK_MIN_COPIES = 3


# --- web page furniture -----------------------------------------------------------------------------------
# Whole lines of a government or document-sharing web page pasted with the report: navigation, toolbars,
# article metadata and site footers. A line goes when it matches one of these in full (after trimming
# spaces); they run before stray spaces are removed, so the wide gaps between footer fields still stand.
_SEP = r"[\s|｜/>＞›»·•]"
# Labels of page and site fields ("发布时间：2024-01-15", "主办单位：XX县人民政府办公室", "上传者：xiaoli0823").
_FIELD_LABEL = (
    r"(?:发布|更新|上传|撰写|成文)(?:时间|日期)|(?:信息|文章|稿件)?来源|作者|责任编辑|编辑|审核|发布者|发布机构|上传者|贡献者"
    r"|(?:浏览|点击|点阅|阅读|访问|下载)(?:次数|量|数)|(?:主办|承办|协办|维护|管理)(?:单位)?|技术支持|网站标识码|网站识别码"
    r"|联系电话|联系方式|电话|传真|邮编|邮政编码|电子邮箱|邮箱|地址|文档格式|格式|页数|大小|文件大小|索引号|分类|字号"
    r"|时间|日期|阅读|浏览|点击|访问"  # bare labels of small sites' metadata: "时间：2024-01-05 来源：… 阅读：356次"
)
_FIELD_PIECE = (
    rf"(?:{_FIELD_LABEL})\s*[:：]\s*[^\s:：|｜]{{0,40}}"  # "来源：县政府办公室" (one field, up to the next gap)
    rf"|[{HAN_CLASS}]{{0,2}}ICP[备证]\s*[0-9A-Za-z]{{4,}}号?(?:-\d+)?"  # "湘ICP备05012345号-1"
    rf"|[{HAN_CLASS}]{{0,2}}公网安备\s*\d{{6,}}号?"  # "湘公网安备 43102302000123号"
    r"|(?:版权所有|Copyright|©|\(C\)).{0,40}"  # "版权所有 © 2024 社会工作局"
    r"|(?:建议|推荐|最佳)[^\n。]{0,20}(?:浏览器|分辨率|浏览)[^\s。]{0,20}"  # "建议使用1280×768分辨率浏览本网站"
    r"|字号\s*[:：]\s*[\[【(（]?\s*大\s*中\s*小\s*[\]】)）]?"  # "字号：[ 大 中 小 ]" among the fields
)
# Pieces that stand in such a line only next to a labelled field: dates, ratings and counters of a page.
_STAT_PIECE = (
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # "2023-12-20", "2024-01-15 09:30"
    r"|\d+(?:\.\d+)?\s*(?:分|万?次(?:阅读|下载|浏览)|人(?:阅读|评价)|页|[KM]B)"  # "4.5分", "1.2万次阅读", "28.6KB"
    r"|[（(]\s*\d+\s*人评价\s*[）)]"
)
# "当前位置：", "您的位置：", "您现在的位置：", "您当前所在位置："
_YOU_ARE_HERE = r"(?:您|当前|现在|所在)[^\s:：]{0,5}位置\s*[:：]"
# Page tools written as words: print, close, back to top, bookmark, report an error, font size.
_TOOL_WORD = (
    r"(?:打印|列印)(?:本页|此页|文章|本文)?|关闭(?:窗口|本页|视窗|页面)?|(?:返回|回到)(?:顶部|页首)|收藏(?:本页|本站)?"
    r"|我要纠错|字号\s*[:：]?\s*[\[【(（]?\s*大\s*中\s*小\s*[\]】)）]?"
)
# Related-content headers of news and sharing sites; the short titles listed under them go with them.
RELATED_HEADER = re.compile(
    r"(?:相关|更多)(?:链接|文档|文章|阅读|资料|新闻|信息|范文|报道)(?:推荐)?\s*[:：]?|猜你喜欢|热门(?:文档|推荐|文章)|推荐阅读|延伸阅读"
)
# (three of the line patterns below, named for SITE_FURNITURE_LINE_FOR: a link row holds pipes, a file name a
# dot, a field line FIELD_LINE_NEEDS)
_LINK_ROW = r"[^|｜\n\d]{1,20}(?:[|｜][^|｜\n\d]{1,20}){2,}"
_FIELD_LINE = rf"(?:{_SEP}*(?:{_STAT_PIECE}))*{_SEP}*(?:{_FIELD_PIECE})(?:{_SEP}*(?:{_FIELD_PIECE}|{_STAT_PIECE}))*{_SEP}*"
# What every field piece holds, one of (a label's colon, "ICP", "公网安备", a copyright mark, the browser advice's
# 浏览/分辨率): a line without any is not tried against _FIELD_LINE. (literals only: their first characters are
# scanned for fast)
FIELD_LINE_NEEDS = re.compile(r":|：|ICP|公网安备|版权所有|Copyright|©|\(C\)|浏览|分辨率")
_FILE_NAME = r"(?:附件\s*\d{0,2}\s*[:：]\s*)?[^\n。，；]{1,80}\.(?:docx?|pdf|xlsx?|wps|et|ofd|zip|rar|txt)"
SITE_FURNITURE_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # breadcrumbs: "首页 > 政务公开 > 规划计划", "当前位置：首页 > 政务公开 > …"
        rf"(?:{_YOU_ARE_HERE}\s*)?(?:网站)?首页(?:\s*[>＞›»/]\s*[^>＞›»\n]{{1,30}}){{1,8}}|{_YOU_ARE_HERE}.{{0,120}}",
        # toolbars: "【字号：大 中 小】【打印】【关闭】", "【列印本頁】【關閉視窗】【回到頁首】"
        r"(?=【)(?=.*(?:打印|列印|关闭|字号|字体|返回|顶部|页首|收藏|纠错|分享))(?:【[^】\n]{1,12}】\s*)+",
        # the same tools written out: "打印本页 关闭窗口", "字号：[ 大 中 小 ]  打印  关闭"
        rf"(?:{_TOOL_WORD})(?:[\s|｜]*(?:{_TOOL_WORD}))*",
        # "扫一扫在手机打开当前页", "手机扫码阅读"
        r"[^\n。]{0,8}(?:扫一扫|扫码|扫描二维码)[^\n。]{0,8}(?:手机|移动端)[^\n。]{0,12}",
        # share buttons: "分享到：", "分享到：微信 微博 QQ空间"
        r"分享(?:到|至)\s*(?:[:：].{0,40})?",
        # neighbour-article links: "上一篇：XX县2023年国民经济和社会发展统计公报"
        r"(?:上一|下一)(?:篇|条|则|页)\s*(?:[:：].{0,100})?",
        RELATED_HEADER.pattern,
        # link rows: "国务院 | 省人民政府 | 市人民政府", "网站导览 ｜ 无障碍浏览 ｜ English"
        # (no digits: a table row pasted with pipes holds figures and stays)
        _LINK_ROW,
        # metadata and footer lines made of page fields only ("发布时间：…    来源：…    浏览次数：…",
        # "网站标识码：…    湘ICP备…号", "上传者：…  2023-12-20  4.5分  1.2万次阅读")
        _FIELD_LINE,
        # sharing-site reading gates: "还剩4页未读，继续阅读", "下载文档到电脑，查找使用更方便", "5 积分  下载"
        r"还剩\s*\d+\s*页(?:未读)?[，,]?\s*(?:继续阅读|点击阅读|阅读全文)?.{0,10}",
        r"(?:下载|保存)(?:文档|本文|此文档|原文)?到电脑.{0,20}|下载文档.{0,4}[，,]?查找使用更方便",
        r"(?:\d+\s*(?:积分|下载券|金币|财富值|元)\s*)?(?:立即|免费|点击)?下载(?:文档|本文|全文)?",
        # "阅读已结束，如果下载本文需要使用1下载券", "点击查看全文", "展开全文", "查看更多>>"
        r"阅读已结束.{0,40}|(?:点击)?(?:查看|展开|阅读)(?:全文|更多|剩余全文|剩余内容)\s*[>》»]*",
        # attachment links under the article: "附件下载：", "XX镇2023年工作总结.docx" (a bare file name)
        r"(?:附件下载|相关附件|下载附件)\s*[:：]?",
        _FILE_NAME,
        # "本文档由用户上传，如有侵权请联系删除"
        r"本(?:文档|文|资料|站资料)由.{0,20}(?:上传|提供|分享).{0,40}",
    )
)
# All of them in one pattern, so a line is tried once.
SITE_FURNITURE_LINE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in SITE_FURNITURE_LINES))
# What every line SITE_FURNITURE_LINE matches holds, one of (pattern by pattern: 首页/位置 of a breadcrumb, 【 of a
# toolbar, the tool words, 扫 of a QR prompt, 分享, 上一/下一, a related-content header's first words, a pipe, a field
# line's FIELD_LINE_NEEDS, 还剩, 电脑/下载 of the download gates, 阅读/查看/展开, 附件, a file name's dot, 由 of an upload
# notice): a line with none is not tried. (literals only: their first characters are scanned for fast)
FURNITURE_LINE_NEEDS = re.compile("|".join(map(re.escape, (
    "首页", "位置", "【", "打印", "列印", "关闭", "返回", "回到", "收藏", "纠错", "字号", "扫", "分享", "上一", "下一",
    "相关", "更多", "猜你喜欢", "热门", "推荐阅读", "延伸阅读", "|", "｜",
    ":", "：", "ICP", "公网安备", "版权所有", "Copyright", "©", "(C)", "浏览", "分辨率",
    "还剩", "电脑", "下载", "阅读", "查看", "展开", "附件", ".", "由",
))))
# The same without the patterns a line cannot match for want of their characters, by (the line holds a pipe,
# it holds a dot, it holds what FIELD_LINE_NEEDS): the link rows' and field lines' backtracking costs more than
# all the others on a page of short lines.
SITE_FURNITURE_LINE_FOR: dict[tuple[bool, bool, bool], re.Pattern[str]] = {
    (pipe, dot, fields): re.compile("|".join(
        f"(?:{pattern.pattern})" for pattern in SITE_FURNITURE_LINES
        if (pipe or pattern.pattern != _LINK_ROW) and (dot or pattern.pattern != _FILE_NAME)
        and (fields or pattern.pattern != _FIELD_LINE)
    ))
    for pipe in (False, True) for dot in (False, True) for fields in (False, True)
}
RELATED_ITEM_MAX_CHARS = 60
FURNITURE_MAX_LINE = 200
# A page title's site suffix: "2023年街道办事处工作总结 - 百度文库", "…工作总结_豆丁网", "…报告-道客巴巴",
# "…政府工作报告_XX县人民政府门户网站". Not the dash "——" of a subtitle ("坚持人民至上——织密民生保障网").
SITE_TITLE_SUFFIX = re.compile(
    r"\s*[-_|｜]\s*[^\s\-_|｜。，—]{1,14}(?:文库|文档|网|网站|门户|巴巴|在线|知道|资料|范文|人民政府)\s*$"
)
SITE_TITLE_SUFFIX_MAX_CHARS = 40  # only a line's end is searched
# The last non-space character of a line SITE_TITLE_SUFFIX can match in (each of its names ends on one).
SITE_TITLE_SUFFIX_LAST = frozenset("库档网站户巴线道料文府")

# Running heads of converted PDFs: the report's title (or the issuing office) printed at the top or bottom of
# every page lands next to the page number line ("－ 2 －" then "XX市生态环境局2023年工作总结…"). A line standing
# next to at least this many page marks is a running head; it goes there (its first copy, the title, stays).
RUNNING_HEAD_MIN_REPEATS = 2
RUNNING_HEAD_MAX_CHARS = 60


# --- page chrome found by its signals ---------------------------------------------------------------------
# What makes a line page chrome on any site, not the strings of one: the vocabulary of site tools, shapes no
# report sentence has (breadcrumbs, "key: value" metadata rows, machine dates, file sizes, URLs, tags), and
# where it stands (before the report's first sentence or after its last). A line is scored by the signals it
# shows; report evidence (sentences, figures with units) counts against it. Weights are the evidence of one
# signal: 1 = report wording uses it too (发布, 来源), 2 = rare in reports, 3+ = never report prose.
class ChromeSignal(NamedTuple):
    name: str
    weight: int
    pattern: re.Pattern[str]
    cap: int  # distinct hits counted: "收藏 分享 举报" is three tools





def _chrome(name: str, weight: int, pattern: str, cap: int = 1) -> ChromeSignal:
    return ChromeSignal(name, weight, re.compile(pattern), cap)


# Labels of page-metadata rows: article info of news and government sites, .gov.cn open-information tables
# (政府信息公开: 索引号, 发文字号, 主题分类, 公开方式 …) and document-sharing file boxes.
_META_LABEL = (
    r"信息索引号|索引号|发文(?:字号|机关|时间|日期|单位)|文号|成文日期|生成日期|公开(?:日期|时间|方式|形式|范围|时限|程序|类别)"
    r"|主题(?:分类|词)|主题\s*[(（][一二]级[)）]|关键词|体裁|效力状况|有效期|归档(?:时间|日期)|所属机构|发布机构|组配分类|服务对象"
    r"|标题|名称|内容概述|文件编号|文件下载|字体(?:大小)?|字号|标签|Tags?|TAG|时间|日期|来源|作者|编辑|责任编辑|审核|浏览(?:次数|量)?"
    r"|点击(?:数|量|率)?|阅读(?:量|数|次数)?|热度|发布(?:时间|日期|者)?|更新(?:时间|日期)|上传(?:者|人|时间)|分类|栏目|页数|格式|大小"
    r"|导语|温馨提示|下载地址|文档编号|评论|内容摘要|摘要|责任编辑|原标题|本文链接|相关阅读"
)
# Labels that report text never writes before a colon (a report may say "时间：2023年5月" or "来源：县财政").
_META_LABEL_STRONG = (
    r"信息索引号|索引号|发文字号|责任编辑|浏览次数|点击(?:数|量)|阅读(?:量|次数)|字号|字体(?:大小)?|热度|来源URL|原文链接|本文链接"
    r"|上传(?:者|人)|归档(?:时间|日期)|生成日期|主题分类|公开方式|效力状况|关键词|价格|下载积分|推荐阅读|相关阅读|延伸阅读|版权声明|免责声明"
)
CHROME_SIGNALS: tuple[ChromeSignal, ...] = (
    # breadcrumbs: "首页 > 政务公开 > 规划计划", "找总结网 > 工作计划 > …", "当前位置:工作总结 > …"
    _chrome("home-link", 4, r"^(?:网站)?(?:首页|主页)\s*(?:>|＞|›|»|&gt;)"),
    _chrome("breadcrumb", 4, r"(?:>|＞|›|»|&gt;)\s*[^\n<>＞›»]{1,40}?\s*(?:>|＞|›|»|&gt;)"),
    _chrome("you-are-here", 4, r"(?:您|当前|现在|所在)[^\s:：]{0,5}位置\s*[:：]"),
    # "key: value" rows of page metadata; a pipe-table row of them ("| 发文字号: | 发文时间:2023-01-05 |")
    _chrome("metadata-label", 3, rf"(?:^|[\s|｜【\[（(])(?:文章|信息|稿件|文档|本文|网页)?(?:{_META_LABEL})\s*[:：]"),
    _chrome("strong-label", 2, rf"(?:{_META_LABEL_STRONG})\s*[:：]"),
    _chrome("metadata-label-spaced", 2, rf"(?:^|\s)(?:{_META_LABEL})\s+\S"),
    _chrome("table-pipes", 1, r"^\s*[|｜].*[|｜]\s*$|^\s*[|｜]"),
    # machine dates and times: reports write 2023年1月5日, pages print 2023-01-05 09:17
    # (the look-behind for a digit before the year is made after its first two digits: a pattern opening on a
    # look-behind is tried at every position; the signals below spell out their alternatives so that each opens on
    # a literal, which is scanned for fast)
    _chrome("iso-date", 2, r"(?:19|20)(?<!\d..)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"),
    _chrome("clock-time", 2, r"(?<!\d)[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?!\d)"),
    # file boxes of sharing sites: "- 19.09 KB", "- 11页", "(8520字)"
    _chrome("file-size", 3, r"\d++(?:\.\d++)?\s*+(?:[KMG]B|[kK]b|字节)\b"),  # (possessive: no unit opens on a digit, point or space)
    _chrome("word-count", 3, r"[(（]\s*\d{3,6}\s*字\s*[)）]|(?:全文|本文)?共(?:计|有)?\s*\d+\s*字|共\s*\d+\s*页"),
    _chrome("dash-bullet", 1, r"^\s*[-•·]\s(?!\s*\d+\s*$)"),  # not "- 3", a page number
    _chrome("page-count", 3, r"^\W*\d{1,4}\s*页\W*$"),
    # addresses and contacts (a report may cite an address, "详见http://…": the URL alone is not enough anywhere)
    _chrome("url", 3, r"https?://|www\.|\b[A-Za-z0-9-]+\.(?:com|cn|net|org|top|cc)\b"),
    _chrome("qq-or-mail", 3, r"QQ\s*[:：号]?\s*\d{5,}|[A-Za-z0-9_.]+@[A-Za-z0-9-]+\.[A-Za-z]+"),
    # account names, also written apart to dodge filters: "公众号：…", "公众@号:…", "微信：abc123"
    _chrome("account", 3, r"公\W?众\W?号|微\W?信\W?号|微信\s*[:：号]|QQ\s*[:：号]|qq\s*[:：号]|vx\s*[:：号]|VX\s*[:：号]|v信\s*[:：号]"),
    # the sites' own vocabulary: tools, accounts, counters
    _chrome("site-tool", 1, r"下载|收藏|分享|登录|登陆|注册|客服|小编|举报|预览|打印|关闭|首页|网站|本站|站长|会员|积分|下载券|纠错|搜索|评论|二维码|扫一扫|朋友圈|VIP|vip|返回|复制", cap=3),
    # a short line that is a site tool or a notice: "发表评论", "返回列表", "举报", "VIP专享文档"
    _chrome("tool-line", 2, r"^.{0,4}(?:下载|收藏|分享|登录|注册|评论|举报|打印|关闭|返回|搜索|订阅|点赞|VIP|vip).{0,6}$"),
    # disclaimers and copyright notices of reposting sites
    # ("打击侵权假冒" is report wording: only the notice shapes count)
    _chrome("disclaimer", 4, r"版权声明|免责声明|如有侵权|涉嫌(?:抄袭|侵权)|侵权(?:请|联系|必删|删除)|请勿转载|禁止转载|不得转载|如需转载|转载请"
            r"|版权所有|版权归|仅代表作者|自发贡献|不代表本站|来源于(?:网络|互联网)"),
    # (a related-content header is left to the furniture step, which takes the titles listed under it too)
    _chrome("site-label", 2, r"^[【\[(（]?\s*(?:正文|概述|详细信息|具体内容|公开具体内容|内容|全文|摘要|相关(?:文章|阅读|推荐))"
            r"\s*[】\]）)]?\s*[:：]?$"),
    # a page's confirm dialog and its buttons: "是否继续？", "放弃", "确定"
    # (the question's mark counts as a sentence end against it)
    _chrome("dialog", 3, r"^(?:是否|确定|确认|您确定)要?(?:继续|离开|退出|删除|关闭|打开|下载|登录|跳转|访问|提交|取消|查看)"
            r"[^，。！,\n]{0,8}[？?]$"),
    _chrome("dialog-button", 2, r"^(?:确定|取消|放弃|确认)$"),
    # the site's accounts listed as links: "河北省人民政府微博", "XX发布客户端"
    _chrome("social-account", 2, r"(?:微博|微信|抖音|头条号|客户端)$"),
    _chrome("site-word", 1, r"热度|浏览|点击|栏目|标签|来源|发布|上传|格式|页数|字体|网友|原创|范文|文库|文档"),
    # truncation and login gates: "(未完,全文共1533字,当前显示396字)", "(阅读全部图文内容,您需要先登录!)"
    _chrome("gate", 3, r"未完|当前显示|阅读全部|全文阅读|继续阅读|需要先|请先|提示信息|点击查看|查看全文|展开全文|全文预览|温馨提示|登录后|可能喜欢|可能感兴趣|也喜欢|也感兴趣|还阅读了|还看了|分享至"),
    # promotional sentence shapes of content farms
    _chrome("promo-sentence", 4,
            r"为(?:大家|你|您)(?:精心)?(?:整理|收集|分享|推荐|带来)|给(?:大家|你|您)(?:精心)?(?:整理|收集|分享|推荐|带来)"
            r"|供(?:大家|你|您|各位)(?:参考|借鉴|学习)|给(?:大家|你|您|各位)(?:参考|借鉴|学习)|与(?:大家|你|您|各位)(?:参考|借鉴|学习)"
            r"|希望(?:能|可以|对)?(?:给|对|帮助)(?:你|您|大家)"
            r"|仅供参考|欢迎(?:阅读|参考|借鉴|下载|访问)|猜你(?:可能)?喜(?:欢|爱)|由我整理|不代表本站|来源于(?:网友|网络)|若需要原创"),
    # a site's name standing alone: "职场文秘网", "XX文库", "办公资源之家"
    _chrome("site-name", 2, r"^[^\s，,。]{2,10}(?:网|网站|文库|之家|在线|频道)$"),
    # the sales talk of material-sharing sites: "【哒哒素材库】——每天更新材料1000多篇…，会员群+网盘群同步每日更新，
    # 一键极速下载", "各类代笔（润笔）…持续接单中", "欢迎加入…svip会员", "添加客服：cwk", "谨防假冒"
    _chrome("banner-bracket", 1, r"^【[^】\n]{1,20}】"),
    _chrome("material-site", 2, r"素材库|材料库|资料库"),
    _chrome("ghost-writing", 3, r"代笔|润笔|代写|代发布|接单"),
    _chrome("membership", 2, r"会员群|开通会员|充值|付费|svip|SVIP"),
    _chrome("contact-call", 2, r"请联系|扫码|加微信|私信|关注(?:微信)?公众号"),
    _chrome("latin-id", 1, r"[:：]\s*[A-Za-z][A-Za-z0-9_-]{2,}(?=[，,。)）、\s]|$)"),
    _chrome("sales-talk", 3, r"一键|欢迎加入|谨防假冒|认准|唯一平台|好评如潮|小伙伴|每天更新|每日更新"),
    _chrome("net-disk", 1, r"网盘|素材"),
    _chrome("sharing-boilerplate", 3, r"由会员分享|可在线阅读|更多相关|上搜索|珍藏版|免费阅读"),
    _chrome("study-only", 2, r"仅供学习|学习交流"),
    _chrome("document-shop", 3, r"精品文档|可编辑|Word版|word版|感谢(?:您的)?阅读|感谢观看|欢迎下载|免费下载|下载本文|本文档"),
    _chrome("welcome-banner", 3, r"欢迎(?:您|你)?(?:光临|访问|来到|使用)|欢迎您|欢迎[!！]|IPv6"),
    # HTML left in the text: "<video id=…></video>", "&nbsp;"
    _chrome("html", 5, r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z-]+=\"[^\"]*\")*\s*/?>|<!--|-->"),
    # nothing but brackets and symbols: "】", "）", "<<" left alone on a line by removed links (not "。": the
    # end of a sentence a hard wrap put on a line of its own)
    _chrome("symbols-only", 4, r"^[^\w。，、；：！？,.;:!?…]+$"),
)
# Between the report's first and last sentence, a line longer than CHROME_RUN_MAX_CHARS is scored only when it
# holds one of these literals, which long chrome lines (metadata rows, notices, disclaimers, blurbs, banners)
# show and report paragraphs hardly ever do.
_LONG_CHROME_LITERALS = (
    ">", "＞", "|", "｜", "<", "@", "_", "http", "www", "KB", "本站", "网站", "网友", "下载", "登录", "分享", "整理",
    "供大家", "希望给", "希望能给", "喜欢", "喜爱", "欢迎", "版权", "声明", "侵权", "转载", "全文", "未完", "浏览",
    "文库", "范文", "客服", "会员", "公众号", "微信", "QQ", "二维码", "扫一扫", "评论", "责任编辑", "索引号", "字号", "字体",
    *(f"{label}{colon}" for label in ("时间", "日期", "来源", "作者", "编辑", "发布", "标题", "分类", "关键词") for colon in ":："),
)
CHROME_LONG_LINE_TRIGGERS = re.compile("|".join(map(re.escape, _LONG_CHROME_LITERALS)))
# For each signal, characters one of which every match holds: a line with none of them is not searched for
# it (a search costs more than a set test, and most lines show few signals). tests/parse/test_page_chrome.py
# checks every entry against the signals' matches in all corpora.
CHROME_SIGNAL_NEEDS = {
    "home-link": "首主", "breadcrumb": ">＞›»&", "you-are-here": "位", "metadata-label": ":：", "strong-label": ":：",
    "metadata-label-spaced": HSPACE, "table-pipes": "|｜", "iso-date": "-/.",
    "clock-time": ":", "file-size": "KMGk字", "word-count": "字页", "dash-bullet": "-•·", "page-count": "页", "url": ".:",
    "qq-or-mail": "Q@", "account": "号信:：", "banner-bracket": "【", "material-site": "素材资",
    "ghost-writing": "代润接", "membership": "会开充付sS", "contact-call": "请扫加私关", "latin-id": ":：",
    "sales-talk": "一欢谨认唯好小每", "net-disk": "网素", "sharing-boilerplate": "由可更上珍免", "study-only": "仅学",
    "document-shop": "精可Ww感欢免下本", "site-tool": "下收分登注客小举预打关首网本站会积纠搜评二扫朋Vv返复",
    "tool-line": "下收分登注评举打关返搜订点Vv", "disclaimer": "版免如涉侵转仅自不来", "site-label": "正概详具内全摘相公",
    "dialog": "是确您", "dialog-button": "确取放", "social-account": "博信音号端",
    "site-word": "热浏点栏标来发上格页字网原范文", "gate": "未当阅全继需请提点查展温登可也还分",
    "promo-sentence": "为给供与希仅欢猜由不来若", "site-name": "网站库家线道", "welcome-banner": "欢I", "html": "<-",
}
CHROME_GATED_SIGNALS = tuple(
    (signal, frozenset(CHROME_SIGNAL_NEEDS.get(signal.name, ""))) for signal in CHROME_SIGNALS
)
CHROME_UNGATED = tuple(i for i, (_, needs) in enumerate(CHROME_GATED_SIGNALS) if not needs)
CHROME_SIGNALS_BY_CHAR: dict[str, tuple[int, ...]] = {
    ch: tuple(i for i, (_, needs) in enumerate(CHROME_GATED_SIGNALS) if ch in needs)
    for ch in set().union(*(needs for _, needs in CHROME_GATED_SIGNALS))
}
CHROME_GATE_CHARS = frozenset(CHROME_SIGNALS_BY_CHAR)
CHROME_THRESHOLD = 4  # anywhere in the page
CHROME_ZONE_THRESHOLD = 2  # before the report's first sentence or after its last
# Report evidence against a line: each sentence end, each figure with a unit, its length.
# (an ASCII "?" is left out: it is what mojibake and lost characters turn into, "时间：2024-04-02????")
SENTENCE_END_CHAR = re.compile(f"[{FULL_STOPS.replace('?', '')}{SEMICOLONS}]+")
CHROME_FIGURE_WEIGHT = 2  # a figure with its unit is what reports are made of
CHROME_FIGURES_COUNTED = 2
CHROME_HEADING_EVIDENCE = 2  # a line opening with a heading number ("（三）打击侵权假冒") is the report's
# (the look-behind for what stands before the number is made after its first digit: a pattern opening on a
# look-behind is tried at every position of the line; the runs are possessive, as no unit starts with a digit,
# a point or a space)
CHROME_FIGURE = re.compile(
    r"\d(?<![\d\-/:.A-Za-z]\d)\d*+(?:\.\d++)?\s*+(?:万|亿|千)?"
    r"(?:%|元|亩|人|户|个|项|次|家|所|座|名|吨|米|条|处|件|套|台|辆|间|栋|棵|株|头|只|张|场|批|篇|份|倍|公里|公顷)"
)
CHROME_LENGTH_STEP = 60  # one point of report evidence per this many Chinese characters
# A line with this much report evidence is a report paragraph: no chrome signals are looked for in it.
CHROME_PARAGRAPH_EVIDENCE = 4
CHROME_MAX_LINE = 400  # longer lines are report paragraphs (a promotion glued to one is cut by sentence)

# A report sentence: a finished sentence of at least SENTENCE_MIN_CHARS, or a line of at least BODY_MIN_CHARS
# with clause structure. The page's report runs from the first to the last one.
CLAUSE_MARK = re.compile(f"[{COMMAS}{FULL_STOPS}{CLAUSE_ENDS}]")
SENTENCE_MIN_CHARS = 12
BODY_MIN_CHARS = 20
# A title line: ends with the name of a report kind (decorations after it allowed: "—全文", "(8520字)").
TITLE_LINE = re.compile(
    rf"^(?![|｜\s]*(?:{_META_LABEL}|{_META_LABEL_STRONG})[\s:：])"  # "内容概述 XX工作总结", "标题:…" are metadata rows
    r"[^。！？!?；;，,]{2,80}?(?:总结|计划|报告|汇报|要点|安排|思路|打算|情况|规划|纲要|讲话|发言|方案|意见|工作|述职|公报)"
    r"[^。！？!?；;，,]{0,16}$"
)
# Lines that position never takes besides titles and headings: a dateline or meeting line ("2026年1月27日在…会议上",
# "新华社北京3月15日电") and a speaker line ("国务院总理 温家宝", "XX县人民政府县长 张三").
DATELINE = re.compile(rf"\d{{1,2}}月\d{{1,2}}日|[〇{CN_COUNTING}]{{1,3}}月[〇{CN_COUNTING}]{{1,3}}日")
SPEAKER_LINE = re.compile(
    rf"(?:总理|主席|省长|市长|州长|县长|区长|旗长|镇长|乡长|主任|局长|厅长|书记|代表)\s*[{HAN_CLASS}·]{{2,4}}$"
)
# A block of at least this many short unpunctuated lines, half of them with chrome signals, is a list of links.
LINK_BLOCK_MIN_LINES = 3
# Reports never run this many short lines with no punctuation, figure or heading number: a site directory.
NAVIGATION_MIN_LINES = 10
# After the report's last sentence, titles listed one under another are links to other articles.
RELATED_TITLES_MIN = 2
# After the report's last sentence, a run to the end of the page of at least NAVIGATION_MIN_LINES short lines with
# no punctuation, heading number or figure but years is a tag cloud or a site's menu, titles and all ("工作报告 /
# 政府工作报告 / 国民经济 / 2024年政府工作报告 / 北京市 / … / 2022年 / 政府信息公开").
# Before the report's first sentence, a line of nothing but a whole number is a page counter ("172", "0": views,
# comments); a year ("2023") is not one.
BARE_COUNT = re.compile(r"(?!(?:19|20)\d{2}$)\d{1,7}")
TAG_LINE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?")
YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# Wide gaps that set the fields of a page line apart (two spaces or more, ideographic spaces).
FIELD_GAP = re.compile(f"[ \t{NBSP}]{{2,}}|{IDEOGRAPHIC_SPACE}+")
# Chrome lines come in runs: an unmarked short line between chrome lines in the head or tail zone (a site's
# name, "标签列表") goes with them; the run stops at a title line, a heading and a report sentence.
CHROME_RUN_MAX_CHARS = 40
# A line that is one string repeated ("德迅网德迅网德迅网", "文件下载 文件下载"): a banner or a doubled label.
REPEATED_STRING = re.compile(r"^(.{2,12}?)(?:\s*\1)+$")
DIGIT = re.compile(r"\d")
# A digit or a CLAUSE_MARK, in one scan: a line with either never joins a link block or a run.
DIGIT_OR_CLAUSE_MARK = re.compile("[\\d" + CLAUSE_MARK.pattern[1:])
PAGE_MARK_MAX_CHARS = 30  # "第 3 页 共 10 页", "Page 3 of 10": longer lines are not looked at as page marks
# A short line without any Chinese character ("img", "``", "| cwl2"): markup residue or a user handle.
# (figures alone, "356.8", "5.6%", are table cells flattened one per line, not residue)
NO_CJK = re.compile(rf"^[^{HAN_CLASS}]*[^{HAN_CLASS}\d\s.,%％:：+\-－/()（）][^{HAN_CLASS}]*$")
# The metadata row that names the article ("| 标题:XX镇2023年工作计划 | |"): its value stays as the title line
# when the page has no other line of that text.
TITLE_FIELD = re.compile(r"^[|｜\s]*标题\s*[:：]\s*(?P<title>[^|｜]+?)[|｜\s]*$")
# A chrome line may open or close with a report sentence glued to it by the scrape; a leading or trailing
# run of signal-free sentences at least this long is kept.
CHROME_KEEP_MIN_CHARS = 15
SENTENCE = re.compile(f"[^{FULL_STOPS}\\n]+[{FULL_STOPS}]*[{TRAILING_CLOSERS}]*|[{FULL_STOPS}]+")

# --- notices of the hosting site ---------------------------------------------------------------------------
# A site's notice on a work's legal status or licence, e.g. Wikisource's box under every national report (52 files
# of tests/data/full): "本作品是中华人民共和国的法律、法规……根据《中华人民共和国著作权法》第五条第一项，本作品不适用于
# 该法……属于公有领域。", one line per link. Report text may name a term of it (著作权法, 未经许可): a block is a notice
# when it names NOTICE_MIN_TERMS of them, one a term that only speaks of a work's status (NOTICE_STRONG_TERM).
NOTICE_STRONG_TERM = re.compile(r"本作品|公有领域|[Pp]ublic\s*[Dd]omain|知识共享|[Cc]reative\s*[Cc]ommons")
NOTICE_STRONG_LITERALS = ("本作品", "公有领域", "ublic", "知识共享", "reative")  # one of them is in every match
NOTICE_TERM = re.compile(
    r"本作品|公有领域|[Pp]ublic\s*[Dd]omain|知识共享|[Cc]reative\s*[Cc]ommons|著作权法|版权法|许可协议|版权所有"
    r"|官方正式译文|不适用于该法|未经(?:书面)?(?:许可|授权)|(?:不得|禁止|请勿)(?:转载|复制)|转载请注明"
)
NOTICE_MIN_TERMS = 2
# The blocks after a notice to the end of the text are the page's tail when each is this short and none holds a
# heading (a note on the notice, licence tags): "注：……社群认为，……公务演讲，不总是具有立法、行政、司法性质的文件。"
NOTICE_TAIL_MAX_CHARS = 120
# A page's excerpt of the report left above it (a list page's teaser): a line whose text before an ellipsis, at
# least EXCERPT_MIN_CHARS long, the report then prints again ("政府工作报告 （2023年2月12日在…上） …各位代表：
# 现在，我代表县人民政府，向大会报告工作，请予审议......政府工作报告").
EXCERPT_ELLIPSIS = re.compile(r"…{2}|\.{3,}|。{3,}|…\s*$")
EXCERPT_MIN_CHARS = 30
EXCERPT_SEARCH_CHARS = 5000  # an excerpt stands above the report: only the top of the text is looked at

# A report written in traditional script (services/parse/cleaning/script.py): at least this share of its Han
# characters were converted to simplified for the analysis, and are shown in its own script again.
TRADITIONAL_MIN_SHARE = 0.05
