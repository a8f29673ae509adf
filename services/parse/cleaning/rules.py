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

# Characters that close a sentence or a clause that may end a paragraph; a line ending in none of them
# was cut mid-sentence (page break, hard wrap).
SENTENCE_END = "。！？!?；;：:…”’」』）)】》"

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
    (
        "页",
        re.compile(
            r"第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
        ),
    ),
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
