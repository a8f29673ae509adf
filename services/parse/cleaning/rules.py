"""Pattern tables of the cleaner: what scrape and conversion noise looks like. Logic lives elsewhere.

Each table is ordered and each entry names the real noise or wording it targets. Regexes compile at import.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Horizontal whitespace seen in scraped and converted reports: ASCII, ideographic (U+3000) indentation,
# en/em and thin spaces and NBSP left by Word/HTML conversion. Runs of it at a line's edge or between two CJK
# characters ("工 作 总 结", "乡村 振兴": a PDF extraction artefact) are removed.
HSPACE = " \t\u00a0\u2002\u2003\u2009\u3000"

# A letter-spaced line of a PDF (a title set with wide tracking): every character, digits and Latin letters
# too, stands apart ("X X 市 生 态 环 境 局 2 0 2 3 年 工 作 总 结"); all its single spaces go.
LETTER_SPACED_LINE = re.compile(r"(?m)^[ \u3000]*(?:[^\s][ \u3000]){5,}[^\s][ \u3000]*$")
LETTER_SPACED_MIN_CJK_SHARE = 0.5

# Characters that close a sentence or a clause that may end a paragraph; a line ending in none of them
# was cut mid-sentence (page break, hard wrap).
SENTENCE_END = "。！？!?；;：:…”’」』）)】》"

# --- markers removed wherever they stand -------------------------------------------------------------

# Paywall markers of material-sharing sites: "##paidbegin##…##paidend##", sometimes inside a word or name
# ("张##paidbegin##润槐书记").
PAYWALL_MARKER = re.compile(r"##\s*paid\s*(?:begin|end)\s*##", re.IGNORECASE)

_PAGE_COUNTER = r"第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"

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
    ("页", re.compile(_PAGE_COUNTER)),
)

# --- whole lines -----------------------------------------------------------------------------------------

# A line that is nothing but a page mark. Matched from the line break before it, so the scan is fast; the
# cleaner puts a line break in front of the text for the first line.
PAGE_MARK_LINE = re.compile(
    rf"\n[{HSPACE}]*(?:"
    r"第\s*\d{1,4}\s*页"  # "第 3 页"
    r"|第\s*[一二三四五六七八九十百零〇]{1,5}\s*页"  # "第三页"
    r"|[-－—–]{1,2}\s*\d{1,4}\s*[-－—–]{1,2}"  # Word/WPS footer "- 3 -", "— 3 —"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # PDF footer "3/10"
    r"|(?i:page|p\.)\s*\d{1,4}(?:\s*(?i:of|/)\s*\d{1,4})?"  # "Page 3 of 10"
    rf")[{HSPACE}]*(?=\n|\Z)"
)

# A line that is nothing but a page counter: "第 2 页 共 6 页", "共6页第2页" (NOISE_SPANS removes it; running
# heads are found next to it before).
PAGE_COUNTER_LINE = re.compile(
    rf"\n[{HSPACE}]*(?:{_PAGE_COUNTER})[{HSPACE}]*(?=\n|\Z)"
)


# Promotion lines are recognised by several signals together, never by one word: real reports say
# "工会会员", "下载国家反诈骗APP", "联系群众". A line is promotion when the weights of the signals it shows reach
# PROMO_THRESHOLD (+1 per PROMO_LENGTH_STEP characters, so long report paragraphs need more). Each signal lists
# the literals one of which every match of it contains (none: found by its pattern only); lines are only
# scored when their literals could add up to the threshold.
class PromoSignal(NamedTuple):
    weight: int
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]


def _signal(weight: int, words: str, pattern: str | None = None, flags: int = 0) -> PromoSignal:
    triggers = tuple(words.split("|")) if words else ()
    return PromoSignal(weight, re.compile(pattern or "|".join(map(re.escape, triggers)), flags), triggers)


PROMO_SIGNALS: tuple[PromoSignal, ...] = (
    # banner brackets of material-sharing sites: "【哒哒素材库】", "【XX代笔】"
    _signal(1, "", r"^【[^】\n]{1,20}】"),
    # the sites' own vocabulary: 素材库 / 文库 / 材料库 / 范文(网)
    _signal(2, "素材库|文库|材料库|范文|资料库"),
    # ghost-writing offers: "各类代笔（润笔）", "代发布业务", "持续接单中"
    _signal(2, "代笔|润笔|代写|代发布|接单"),
    # membership sales: "会员群", "svip会员", "开通会员", "VIP"
    _signal(2, "会员群|vip|VIP|Vip|开通会员|充值|付费"),
    # contact calls: "添加客服", "联系客服", "有意加入请联系", "扫码", "关注公众号"
    _signal(1, "客服|请联系|扫码|二维码|加微信|私信|关注公众号|关注微信公众号"),
    # account ids: "微信：abc123", "QQ：12345678", "公众号：哒哒君", and "：cwk" (a latin id after a colon)
    _signal(2, "微信|QQ|qq|公众号|vx|VX|v信", r"(?:微信|QQ|qq|公众号|vx|VX|v信)\s*[:：号]"),
    _signal(1, "", r"[:：]\s*[A-Za-z][A-Za-z0-9_-]{2,}(?=[，,。)）、\s]|$)"),
    # sales talk: "一键精准搜索", "欢迎加入", "谨防假冒", "认准", "唯一平台", "好评如潮", "小伙伴"
    _signal(1, "一键"),
    _signal(2, "欢迎加入|谨防假冒|认准|唯一平台|好评如潮|小伙伴|每天更新|每日更新"),
    # download / membership words alone are weak (reports use them too)
    _signal(1, "下载|会员|网盘|素材"),
    # sharing-site boilerplate: "由会员分享", "可在线阅读", "更多相关", "请在…上搜索", "珍藏版"
    _signal(2, "由会员分享|可在线阅读|更多相关|上搜索|珍藏版|全文阅读|免费阅读"),
    # copyright footers of reposting sites: "本文来源于网络，如有侵权请联系删除", "转载请注明出处"
    _signal(4, "如有侵权|侵权请联系|侵权联系|转载请注明"),
    _signal(2, "版权归|来源于网络|来源于互联网"),
    _signal(1, "仅供参考|仅供学习|学习交流"),
    # document-shop wording: "精品文档", "word版本可编辑", "下载后可编辑修改", "感谢您的阅读"
    _signal(2, "精品文档|可编辑|Word版|word版|感谢阅读|感谢您的阅读|感谢观看"),
    _signal(2, "欢迎下载|免费下载|下载本文|本文档"),
    # article furniture of government and news sites, scraped with the text:
    # "发布时间：2023-12-28  来源：本站  浏览次数：1024", "【字号：大 中 小】【打印本页】【关闭窗口】"
    _signal(3, "浏览次数|浏览量|点击数|点击量|阅读次数|阅读量|访问量|字号|分享到"),
    _signal(5, "打印本页|打印此页|关闭窗口|【大 中 小】|【大中小】"),  # never report wording
    _signal(2, "发布时间|发布日期|发布者|信息来源|来源：|来源:|作者：|作者:|责任编辑"),
    # web addresses: "更多范文请访问www.xxx.com"
    _signal(2, "http|www.|.com|.cn", r"https?://|www\.|\.com\b|\.cn\b"),
)
PROMO_THRESHOLD = 5
PROMO_LENGTH_STEP = 120
# Every literal, longest first; each maps to the signals it may stand for (a literal holding another signal's
# literal stands for both: "会员群" is also "会员").
_TRIGGERS = sorted({t for signal in PROMO_SIGNALS for t in signal.triggers}, key=len, reverse=True)
PROMO_ANY = re.compile("|".join(map(re.escape, _TRIGGERS)))
PROMO_TRIGGER_SIGNALS = {
    word: frozenset(i for i, signal in enumerate(PROMO_SIGNALS) if any(t in word for t in signal.triggers))
    for word in _TRIGGERS
}
PROMO_UNTRIGGERED_WEIGHT = sum(signal.weight for signal in PROMO_SIGNALS if not signal.triggers)
# A promotion line may open or close with a report sentence glued to it by the scrape; a leading or trailing
# run of signal-free sentences at least this long is kept.
PROMO_KEEP_MIN_CHARS = 15
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」』）)]*|[。！？!?]+")
# A short line right next to a promotion line joins it with this much score ("微信：abc888" under a banner).
PROMO_NEIGHBOUR_SCORE = 2
PROMO_NEIGHBOUR_MAX_CHARS = 100

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
CANNOT_START_SENTENCE = "，,。.、；;：:）)”’》」』%％"
CLAUSE_BREAK = "，,、"
WORD_WINDOW = 4
FRAGMENT_MIN_PREVIOUS_CHARS = 40
# A chain of consecutive numbers is page numbering when at least this many of its breaks are strong cuts and
# this share are cuts of either kind; a real list of long unpunctuated items has weak cuts only.
FRAGMENT_MIN_STRONG_CUTS = 2
FRAGMENT_MIN_CUT_SHARE = 0.6

# --- broken lines -------------------------------------------------------------------------------------------

# Openings of a heading or list item; a line starting like this is never glued to the line before it.
HEADING_START = re.compile(
    r"[一二三四五六七八九十百]+\s*[、.．]"  # 一、
    r"|[（(]\s*[一二三四五六七八九十百]+\s*[）)]"  # （一）
    r"|\d{1,3}\s*[、.．](?!\d)"  # 1、 1. 1．
    r"|[（(]\s*\d{1,3}\s*[）)]"  # （1）
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)]"  # 1） 一）
    r"|[①-⑳]"  # ①
    r"|第[一二三四五六七八九十百\d]+[部分章节条篇]"  # 第一部分
    r"|[一二三四五六七八九十]是"  # 一是 (run-in enumerations usually start their own line)
    r"|附件|目\s*录"
)
# "一是…二是…" opens a paragraph, not a heading: hard-wrapped, its first line is glued on like any other.
RUN_IN_ENUMERATION = re.compile(r"[一二三四五六七八九十]是")
# In a document without hard wraps, a line ending mid-sentence is only glued to the next when it is at least
# this long (shorter ones are titles and headings without punctuation).
UNWRAPPED_JOIN_MIN_CHARS = 50
# A line that stops on a clause break ("…同比增长12.5%，") is cut mid-sentence whatever its length: titles and
# headings never end on one.
CLAUSE_END = "，,、"
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

# Full-width digits, Latin letters and ％ become half-width; Chinese punctuation (，。：；（）) stays.
FULLWIDTH_TABLE = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},  # ０-９
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    0xFF05: ord("%"),  # ％
}
# A full-width point "．" between digits is a decimal point: "6．28公里".

# OCR letter-for-digit errors: I/l read for 1, O/o read for 0, in a run of digits not touching other Latin
# letters ("IlOO多万元", "2O23年"); "PM2.5", "5G", "GDP", "COVID-19" do not qualify.
OCR_LETTER = re.compile("[IlOo]")
OCR_RUN_CHARS = frozenset("0123456789IlOo.")
LATIN_OR_DIGIT = re.compile("[A-Za-z0-9]")
OCR_DIGIT_TABLE = str.maketrans("IlOo", "1100")
# What may follow a run made only of letters for it to be read as a number: units and hedges ("IlOO多万元").
NUMBER_FOLLOWERS = "多余万亿千百元个户人亩件项名家次场吨米%"

# Control and invisible characters of converted files: Windows/old Mac line ends, the form feed pdfminer puts
# at page breaks and the vertical tab of Word (all become "\n"), Unicode line/paragraph separators, BOM and
# zero-width characters and other C0 controls (deleted).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2028\u2029\u2060\ufeff]")
LINE_BREAK_CONTROLS = frozenset("\r\x0b\x0c\u2028\u2029")
# Character-class body of everything handled character by character (controls and full width); the cleaner
# adds "．" and the traditional characters and scans the text once.
CHARACTER_CLASSES = CONTROL_CHARS.pattern[1:-1] + "\uff05\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"


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
ENCODER_SPACES = re.compile(r"(?m)(?:(?<=[^!-~])|^)\?{2,}|\?{2,}(?=[^!-~]|$)")

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
    r"|[\u4e00-\u9fff]{0,2}ICP[备证]\s*[0-9A-Za-z]{4,}号?(?:-\d+)?"  # "湘ICP备05012345号-1"
    r"|[\u4e00-\u9fff]{0,2}公网安备\s*\d{6,}号?"  # "湘公网安备 43102302000123号"
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
    r"(?:相关|更多)(?:链接|文档|文章|阅读|资料|新闻|信息|范文)(?:推荐)?\s*[:：]?|猜你喜欢|热门(?:文档|推荐|文章)|推荐阅读|延伸阅读"
)
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
        r"[^|｜\n\d]{1,20}(?:[|｜][^|｜\n\d]{1,20}){2,}",
        # metadata and footer lines made of page fields only ("发布时间：…    来源：…    浏览次数：…",
        # "网站标识码：…    湘ICP备…号", "上传者：…  2023-12-20  4.5分  1.2万次阅读")
        rf"(?:{_SEP}*(?:{_STAT_PIECE}))*{_SEP}*(?:{_FIELD_PIECE})(?:{_SEP}*(?:{_FIELD_PIECE}|{_STAT_PIECE}))*{_SEP}*",
        # sharing-site reading gates: "还剩4页未读，继续阅读", "下载文档到电脑，查找使用更方便", "5 积分  下载"
        r"还剩\s*\d+\s*页(?:未读)?[，,]?\s*(?:继续阅读|点击阅读|阅读全文)?.{0,10}",
        r"(?:下载|保存)(?:文档|本文|此文档|原文)?到电脑.{0,20}|下载文档.{0,4}[，,]?查找使用更方便",
        r"(?:\d+\s*(?:积分|下载券|金币|财富值|元)\s*)?(?:立即|免费|点击)?下载(?:文档|本文|全文)?",
        # "阅读已结束，如果下载本文需要使用1下载券", "点击查看全文", "展开全文", "查看更多>>"
        r"阅读已结束.{0,40}|(?:点击)?(?:查看|展开|阅读)(?:全文|更多|剩余全文|剩余内容)\s*[>》»]*",
        # attachment links under the article: "附件下载：", "XX镇2023年工作总结.docx" (a bare file name)
        r"(?:附件下载|相关附件|下载附件)\s*[:：]?",
        r"(?:附件\s*\d{0,2}\s*[:：]\s*)?[^\n。，；]{1,80}\.(?:docx?|pdf|xlsx?|wps|et|ofd|zip|rar|txt)",
        # "本文档由用户上传，如有侵权请联系删除"
        r"本(?:文档|文|资料|站资料)由.{0,20}(?:上传|提供|分享).{0,40}",
    )
)
# All of them in one pattern, so a line is tried once.
SITE_FURNITURE_LINE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in SITE_FURNITURE_LINES))
RELATED_ITEM_MAX_CHARS = 60
FURNITURE_MAX_LINE = 200
# A page title's site suffix: "2023年街道办事处工作总结 - 百度文库", "…工作总结_豆丁网", "…报告-道客巴巴",
# "…政府工作报告_XX县人民政府门户网站". Not the dash "——" of a subtitle ("坚持人民至上——织密民生保障网").
SITE_TITLE_SUFFIX = re.compile(
    r"\s*[-_|｜]\s*[^\s\-_|｜。，—]{1,14}(?:文库|文档|网|网站|门户|巴巴|在线|知道|资料|范文|人民政府)\s*$"
)
SITE_TITLE_SUFFIX_MAX_CHARS = 40  # only a line's end is searched

# Running heads of converted PDFs: the report's title (or the issuing office) printed at the top or bottom of
# every page lands next to the page number line ("－ 2 －" then "XX市生态环境局2023年工作总结…"). A line standing
# next to at least this many page marks is a running head; it goes there (its first copy, the title, stays).
RUNNING_HEAD_MIN_REPEATS = 2
RUNNING_HEAD_MAX_CHARS = 60
