"""Pattern tables for finding headings in Chinese work reports, kept apart from the logic that applies them.

Every table is ordered (first match wins where order matters) and compiled once at import.
"""

import re
from dataclasses import dataclass

from shared.chinese import (
    CLAUSE_BREAKS,
    CLAUSE_ENDS,
    CN_COUNTING,
    COLONS,
    COMMAS,
    DIGIT_CLASS,
    FULL_STOPS,
    HAN_CLASS,
    HEADING_MARKERS,
    IDEOGRAPHIC_SPACE,
    MARKER_FIRST_CHARS,
    NBSP,
    SEMICOLONS,
    SENTENCE_END_AT_END,
    MarkerKind,
)

# The digits headings count with, 一 to 十 (shared.chinese.CN_COUNTING).
CN_DIGITS = CN_COUNTING


@dataclass(frozen=True)
class Marker:
    """A kind of heading number: the level the gold annotates for it and its nesting depth.

    ``depth`` orders markers for building the tree (smaller = outer); it is finer than ``level`` because
    "第一部分" holds "一、" headings although both are annotated level 1.
    """

    name: str
    level: int
    depth: int
    pattern: re.Pattern[str]


# What follows a number that counts or measures something ("5000万元", "98%", "12个", "3天").
UNIT_AFTER_NUMBER = (
    r"[万亿千百]|%|％|个|人|户|名|家|项|次|场|元|亩|公顷|公里|千米|米|吨|套|件"
    r"|条|座|所|期|批|篇|天|小时|倍|余|多|间|处|宗|株|棵|头|只|辆|台|张|册|份|起|例|笔|平方"
)
# Words that follow a number in a date or a time ("10 月", "2 日", "3 时").
DATE_WORD = r"[年月日号时点分秒周岁届]"



def _marker(kind: MarkerKind, after: str = r"\s*") -> Marker:
    """The sectioner's marker for a kind of shared.chinese.HEADING_MARKERS: any of its forms, then ``after``
    (the spaces, or the punctuation, between the number and the heading phrase)."""
    return Marker(kind.name, kind.level, kind.depth, re.compile("(?:" + "|".join(kind.forms) + ")" + after))


_KINDS = {kind.name: kind for kind in HEADING_MARKERS}
# Heading numbers at the start of a heading, outermost first (shared.chinese.HEADING_MARKERS: "第一部分", "一、",
# "（一）", "1、", "（1）" and their other widths and enclosed forms), and the sectioner's own "1 经济发展平稳".
MARKERS: tuple[Marker, ...] = (
    # "第一部分、2023年工作回顾", "第二章：发展环境"
    _marker(_KINDS["chapter"], r"[、，,：:.．\s]*"),
    _marker(_KINDS["cn"]),
    _marker(_KINDS["paren_cn"]),
    _marker(_KINDS["arabic"]),
    # "1 经济发展平稳": a "1、" that lost its 、 in conversion; not "3 天", "10 月" (a number and its unit or
    # date word). Only kept as part of a series (see outline.keep_series).
    Marker(
        "arabic_space", 3, 30,
        re.compile(
            rf"([{DIGIT_CLASS}]{{1,2}})[ {IDEOGRAPHIC_SPACE}]+(?=[{HAN_CLASS}])(?!" + UNIT_AFTER_NUMBER + r"|" + DATE_WORD + r")"
        ),
    ),
    _marker(_KINDS["paren_arabic"]),
)

# Markers that are a bare number: headings only as part of a series, and read as a page number when they
# open the line after a sentence cut by a page break.
# All markers in one pattern, tried once at a position: the first alternative that matches is the first marker
# of MARKERS whose pattern matches there. Each marker's pattern is group "m<index>"; MARKER_GROUPS gives, by that
# name, the marker and the slice of the match's groups that are its own.
MARKER_ANY = re.compile("|".join(f"(?P<m{i}>{marker.pattern.pattern})" for i, marker in enumerate(MARKERS)))


def _marker_groups() -> dict[str, tuple[Marker, slice]]:
    groups, first = {}, 0
    for i, marker in enumerate(MARKERS):
        first += 1  # the marker's own group; its pattern's groups follow
        groups[f"m{i}"] = (marker, slice(first, first + marker.pattern.groups))
        first += marker.pattern.groups
    return groups


MARKER_GROUPS = _marker_groups()
SERIES_ONLY_MARKERS = frozenset({"arabic_space"})
PAGE_NUMBER_MARKERS = frozenset({"arabic", "arabic_space"})

# In a run-together scrape a series must count up from 1, except the part headings ("五、存在的主要问题：")
# when an excerpt starts inside a report.
EXCERPT_OPENING_MARKERS = frozenset({"cn", "chapter"})

# Characters a heading can start with (a cheap test before trying every marker at a position).
# (every marker's first characters, and those of the unnumbered division names: 下一步, 今年, 明年, 存在的, 工作,
# 过去, 全年, 上半年, and the year "2024年工作安排")
HEADING_FIRST_CHAR = re.compile(rf"[{MARKER_FIRST_CHARS}下今明存工过全上]")
# The characters a numbered heading's marker starts with (every MARKERS pattern opens on one of them): a
# position that holds none is no marker, without trying the markers one by one.
MARKER_FIRST_CHAR = re.compile(rf"[{MARKER_FIRST_CHARS}]")

# Depth of an unnumbered level-1 heading such as "2024年工作安排" standing alone on its line.
BARE_DEPTH = 10
# Depth added to a numbering series that restarts at "一、" under a childless heading
# ("二、2024年工作计划" followed by "一、聚焦发展质效…"): the new series belongs to that heading.
RESTART_SHIFT = 5

# The names of a report's standard divisions, written without a number: the review part ("2023年工作回顾"),
# the coming period ("2024年工作安排", "下一步工作打算") and the problems part ("存在的问题和不足").
_DIVISION_PERIOD = r"(?:\d{4} ?年(?:度)?|过去[一五]年|今年|全年|上半年)?(?:的)?(?:主要)?工作"
BARE_REVIEW_HEADING = re.compile(_DIVISION_PERIOD + r"(?:回顾|总结)")
BARE_HEADING = re.compile(
    _DIVISION_PERIOD + r"(?:安排|计划|打算|思路|要点|回顾|总结|展望)(?:和|及|与)?(?:打算|计划|安排)?"
    r"|(?:下一步|下步|今后|明年)(?:的)?(?:工作)?(?:计划|打算|安排|思路|重点|要点)?(?:和|及|与)?(?:打算|计划|安排)?"
    r"|存在的(?:主要)?(?:问题|不足|困难)(?:和|及|与)?(?:不足|困难|问题|短板)?"
)
# Alone on its line, an unnumbered division name is a level-1 heading only for the coming period and the
# problems: the annotation conventions leave unnumbered review headlines ("2022年工作回顾") without a level.
BARE_HEADING_MAX = 20
# What a line opening a heading starts with: a marker (a numbered or a split heading) or a division name (a bare
# heading, whose title is the line less its trailing punctuation); a line starting otherwise is no heading, and is
# passed over with one match. LINE_HEADING_FIRST_CHAR: the first characters of these ("2024年工作安排", "过去一年…",
# "今年…", "全年…", "上半年…", "的", "主要…", "工作…", "下一步…", "明年…", "存在的问题"), tested first.
LINE_HEADING_FIRST_CHAR = re.compile(rf"[{MARKER_FIRST_CHARS}\d过今全上的主工下明存]")
LINE_HEADING_START = re.compile(
    "|".join(f"(?:{marker.pattern.pattern})" for marker in MARKERS) + f"|(?:{BARE_HEADING.pattern})"
)

# The genres a report's title names ("…工作总结", "…政府工作报告", "…情况的通报", "…工作思路").
REPORT_GENRE = r"总结|报告|计划|打算|安排|要点|述职|汇报|讲话|通报|思路|规划"
# Where a document title ends when the title line runs on into the speech ("…工作报告各位代表:现在,…").
DOC_TITLE_END = re.compile(
    rf"[{FULL_STOPS}]|(?=各位代表|同志们[：:，,！!]|代表们[：:，,！!])"
    # "政府工作报告 2022年12月28日在…会议上": the dated subtitle follows the title
    r"|(?=[—\-－\s]*[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)"
)
# A run-together scrape's title running into its first sentence: it ends after the name of the report
# ("XX镇2023年工作总结和2024年工作计划今年以来，…").
DOC_TITLE_RUN_ON = re.compile(
    r"[^。！？!?；;，,：:（(]{2,50}?(?:(?:工作|情况)(?:" + REPORT_GENRE + r"|回顾)|述职报告|汇编)"
    r"(?:汇编)?(?![和及与的、，,暨并])"
)
# How a body's first sentence opens: "2023年是…", "今年以来", "一年来", "过去一年".
BODY_OPENING = r"\d{4}年(?:是|以来|来|，|,|我)|今年以来|一年来|过去的?一年"
# Where a heading phrase ends when the heading runs into its body on the same line.
TITLE_END = re.compile(
    r"[。！？!?]"
    # "二、存在的问题：一是…" — a label followed by its content
    r"|[：:](?=.)"
    # "(一)社会发展稳健有力一是经济发展稳中向好" — the run-in enumeration opens the body
    rf"|(?<=[^\s，,、（(])(?=[{CN_COUNTING}]是(?![，,。、]))"
    # "一、2023年工作回顾2023年是全面贯彻…", "今年以来", "一年来" — the body's opening sentence
    r"|(?<=[^\d０-９（(—\-～~至到])(?=(?:" + BODY_OPENING + r"))"
    # "2023年XX镇政府工作报告各位代表:现在,…" — the salutation opens a speech
    r"|(?=各位代表|同志们[：:，,！!]|代表们[：:，,！!])"
    # "（二）全力促进经济平稳增长 　　“六稳”工作扎实推进" — a run of spaces is a flattened line break
    rf"|(?<=\S)(?=[ \t{IDEOGRAPHIC_SPACE}{NBSP}]{{2,}}\S)"
)
# In a run-together scrape a heading also ends right after a standard division name, where the body
# starts with no punctuation ("二、2024年工作计划力争完成…").
RUN_IN_TITLE_END = re.compile(
    TITLE_END.pattern
    + r"|(?<=工作(?:安排|计划|打算|回顾|总结|展望|任务|要点|思路))(?![和及与、，,的])"
    # "二、存在的困难及问题经济下行压力持续加大…"
    + r"|(?:(?<=存在的(?:问题|不足|困难))|(?<=存在的(?:问题|不足|困难)[和及与](?:问题|不足|困难|短板)))"
    + r"(?![和及与、，,的])"
    # "一、2023年工作完成情况 夯实基层基础。" — lines joined with spaces: the space was the line break
    + rf"|(?<=[{HAN_CLASS}”」』）)])(?=[ {IDEOGRAPHIC_SPACE}]+[{HAN_CLASS}（(“「『])"
    # "一、2023年工作完成情况（一）夯实政治建设…" — the next heading follows with no break
    + rf"|(?=[（(][{CN_COUNTING}]{{1,3}}[）)])|(?<![0-9])(?=[0-9]{{1,2}}(?:、|[.．](?![0-9])))"
)
# The same behind a test of one character, which fails most positions at once (the alternatives above are tried
# at every position of the phrase): where TITLE_END matches, the character there opens one of its alternatives
# (a sentence end or colon, a Chinese digit of "一是", a digit, 今/一/过 of a body opening, 各/同/代 of a
# salutation, a space); RUN_IN_TITLE_END also matches after the last character of a division name
# (…安排, …问题) and before a bracket of "（一）". phrase_end uses these.
_TITLE_END_FIRST = f"{FULL_STOPS}{COLONS}{CN_COUNTING}今一过各同代 \t{IDEOGRAPHIC_SPACE}{NBSP}"
TITLE_END_GATED = re.compile(rf"(?=[\d{_TITLE_END_FIRST}])(?:{TITLE_END.pattern})")
RUN_IN_TITLE_END_GATED = re.compile(
    rf"(?:(?=[\d{_TITLE_END_FIRST}（(])|(?<=[排划算顾结望务点路题足难板]))(?:{RUN_IN_TITLE_END.pattern})"
)
# A part heading (level 1–2) whose body runs on with no punctuation: the clauses of a heading are parallel,
# each at most this long; a clause at least twice the longest before it holds the start of the body, and the
# heading's last clause is taken as long as the longest before it plus the slack.
UNMARKED_END_MAX_LEVEL = 2
PARALLEL_CLAUSE_MAX = 12
PARALLEL_CLAUSE_SLACK = 2
# A division name that closes the first clause of such a heading ("一、工作进展情况城市棚户区…").
DIVISION_NOUN_END = re.compile(r"(?:情况|措施|成效|做法|概况|经验)(?![和及与、，,的])")
# Punctuation trimmed off the end of a title.
TITLE_TRIM = " \t" + IDEOGRAPHIC_SPACE + CLAUSE_BREAKS + CLAUSE_ENDS + FULL_STOPS + ".．"

# Heading phrases that read as a sentence, not a heading: clause separators of a list item.
SENTENCE_INSIDE = re.compile(f"[{CLAUSE_ENDS}]")
# A quantity inside a level-3/4 phrase marks a numbered statement ("1、完成投资5000万元", "（1）覆盖率达98%");
# years and programme names ("1.实施“5+N”工程", "2023年") are not quantities.
# (possessive runs: no unit starts with a digit, a point or a space, so giving back part of a run never finds a
# match, and trying every shorter run of "2020年" before failing costs more than the rest of phrase_ok)
QUANTITY_INSIDE = re.compile(rf"[{DIGIT_CLASS}]++(?:[.．][{DIGIT_CLASS}]++)?\s*+(?:" + UNIT_AFTER_NUMBER + r")")
COMMA = re.compile(f"[{COMMAS}]")

# Longest heading phrase accepted per level, and the most commas a level-3/4 phrase may hold.
MAX_PHRASE = {0: 60, 1: 60, 2: 60, 3: 32, 4: 32}
# A numbered phrase that is its whole line (no body after it) is more likely a heading, so it may be longer.
MAX_PHRASE_ALONE = {1: 60, 2: 60, 3: 50, 4: 50}
MAX_PHRASE_RUN_IN = {1: 40, 2: 30, 3: 20, 4: 20}
MAX_COMMAS_NUMBERED = 2

# After a colon or semicolon only the outer markers start a heading: "措施：（1）加强领导；（2）…" is a list.
RUN_IN_LIST_START = COLONS + SEMICOLONS
# An item of a list written in a sentence ends on a semicolon; a heading phrase never does.
LIST_ITEM_END = tuple(SEMICOLONS)
RUN_IN_LIST_MAX_LEVEL = 2
# An unnumbered division heading inside a run-together line counts only when a body visibly starts
# after it ("…克难。2024年工作安排2024年，是…").
BARE_RUN_IN = re.compile(
    r"(?:" + BARE_HEADING.pattern + r")(?=" + BODY_OPENING + rf"|[{CN_COUNTING}]{{1,3}}、|[（(][{CN_COUNTING}]{{1,3}}[）)])"
)

# A line that closes a sentence or a heading (shared.chinese.SENTENCE_END_AT_END); a long line NOT ending so,
# followed by a line starting "2、", is a page break inside a sentence and the "2、" is a page-number fragment.
LINE_CLOSED = re.compile(SENTENCE_END_AT_END)
PAGE_BREAK_MIN_LINE = 20
SPACE_CHARS = " \t" + IDEOGRAPHIC_SPACE
SPACES = re.compile(rf"[{SPACE_CHARS}]*")
# Where a run-in heading may start in a run-together scrape: after a sentence end ("…提出宝贵意见。一、2023年
# 工作回顾…"), a colon ("各位代表:", "重点抓好以下工作：一、…") or a semicolon.
RUN_IN_START = re.compile(f"[{FULL_STOPS}{CLAUSE_ENDS}]")
# What a run-in heading at a position needs there: a heading's first character, and a marker or a bare division
# name matching from it (what numbered_heading and bare_run_in look for first; a position without them is passed
# over in C, not tried in Python).
_RUN_IN_HEADING_AT = (
    f"(?={HEADING_FIRST_CHAR.pattern})(?:"
    + "|".join(f"(?={marker.pattern.pattern})" for marker in MARKERS)
    + f"|(?={BARE_RUN_IN.pattern}))"
)
# Where a run-in heading may start: after a RUN_IN_START mark and the spaces after it, where _RUN_IN_HEADING_AT
# holds (one scan for the positions worth trying; the match ends at the position).
RUN_IN_CANDIDATE = re.compile(f"[{FULL_STOPS}{CLAUSE_ENDS}][{SPACE_CHARS}]*{_RUN_IN_HEADING_AT}")
RUN_IN_HEADING_AT = re.compile(_RUN_IN_HEADING_AT)

# The label over a report's glossary: "名词解释", "附：名词解释", "※名词解释※", "《政府工作报告》有关内容名词注释".
GLOSSARY_LABEL = re.compile(r"名词(?:解释|注释)")
GLOSSARY_LABEL_MAX = 30

# A table of contents: its heading line, and the page numbers / dot leaders at the end of its entries.
TOC_HEADING = re.compile(r"\s*目\s*录\s*[:：]?\s*")
# What every TOC_HEADING line holds (looked for in the whole text first).
TOC_WORD = re.compile(r"目\s*录")
TOC_TRAILER = re.compile(rf"[\s.．·…—\-_]*[{DIGIT_CLASS}]*\s*$")
TOC_ENTRY_MAX = 60
# An entry's dot leader and page number: "一、2023年工作回顾……………3", "二、存在的问题 .......... 5".
TOC_LEADER = re.compile(rf"(?:[.．·…]{{2,}}|\s{{2,}})\s*[{DIGIT_CLASS}]{{1,3}}\s*$")
# A scrape's TOC on one line: "目录1.2023年白鹤镇政府工作报告 2.2023年冲蒌镇政府工作报告 …", entries numbered 1, 2, 3…
TOC_INLINE = re.compile(r"目\s*录[:：]?\s*(?=[0-9]{1,2}[.．、])")
TOC_INLINE_ENTRY = re.compile(r"\s*([0-9]{1,2})[.．、]\s*(\S+)")
# In a run-together compilation a report's title follows the previous report's last sentence directly.
RUN_ON_TITLE_AFTER = FULL_STOPS + "”\""
# "(35篇)" after a compilation's title.
REPORT_COUNT = re.compile(rf"[（(][{DIGIT_CLASS}{CN_COUNTING}]+篇[）)]$")
# Numbering in front of a table-of-contents entry ("1.区民政局…", "一、", "篇一：").
TOC_NUMBER = re.compile(
    rf"^(?:[{DIGIT_CLASS}]{{1,2}}[、.．]|[{CN_DIGITS}]{{1,3}}[、.．]|[（(][{DIGIT_CLASS}{CN_DIGITS}]{{1,3}}[）)]"
    rf"|(?:篇|第)[{CN_DIGITS}0-9]{{1,3}}篇?[：:、\s]?)\s*"
)

# A compilation of several reports: "…汇编", "（3篇）", "合集", "范文N篇".
COMPILATION_TITLE = re.compile(rf"汇编|合集|[（(]?[{DIGIT_CLASS}{CN_COUNTING}]+篇[）)]?|范文")
# "篇一：", "第二篇", "范文3：" in front of a report's title in a compilation.
PART_PREFIX = re.compile(rf"(?:篇[{CN_DIGITS}0-9]{{1,3}}|第[{CN_DIGITS}0-9]{{1,3}}篇|范文[{CN_DIGITS}0-9]{{1,3}})[：:、.\s]*")
# A line that names a whole report (a part's title in a compilation with no table of contents).
REPORT_TITLE = re.compile(r"(?:工作)?(?:" + REPORT_GENRE + r")")
# A speech's title after a sentence end in a flattened line, followed by its dated subtitle or the salutation.
SPEECH_TITLE = re.compile(
    r"(?:^|(?<=[。！？!?]))\s*([^。！？!?，,：:；;“”\"]{2,40}?(?:" + REPORT_GENRE + r"))\s*"
    r"(?=[—\-－]*\s*[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|各位代表)",
    re.M,
)
SPEECH_TITLE_WITHIN = 400
# A subtitle under a report's title: "——2022年12月18日在…会议上", "2017年1月10日在…会议上".
SUBTITLE = re.compile(r"[—\-－–~～]|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日")
# Where a title line goes on into its subtitle: "政府工作报告——2018年3月5日在…会议上", "…报告 ——在…会议上".
TITLE_TAIL = re.compile(r"\s*(?:[—－]{1,2}|-{1,2}(?=\s*(?:[0-9]{4}年|在))).*$")
# A news agency's dateline in front of a title: "新华社北京3月16日电政府工作报告".
DATELINE = re.compile(r"^.{0,12}?[0-9]{1,2}月[0-9]{1,2}日电\s*")
# The speaker under a title: "国务院副总理兼国家计划委员会主任李富春", "珠海市斗门区区长韩云".
SPEAKER = re.compile(rf"(?:长|主任|书记|主席|总理|委员)\s*[{HAN_CLASS}]{{2,3}}$")
# What separates a page title from the category or breadcrumb in front of it ("栏目|标题", "首页 > … > 标题").
TITLE_SEPARATORS = ("|", "｜", ">", "＞")
# A .gov.cn metadata row holding the document's title: "| 标题:南漳镇人民政府2023年工作计划 | |".
TITLE_FIELD = re.compile(r"(?:^|[|｜\s])标\s*题\s*[:：]\s*([^|｜\n]+?)\s*(?:[|｜]|$)", re.M)

# A speech's salutation is not a title: "尊敬的各位领导、各位代表:", "同志们:".
SALUTATION = re.compile(r"尊敬的|各位|亲爱的|同志们|代表们")
# A label line above a document's title: "附件1", "附件：".
LABEL_LINE = re.compile(rf"附件[{DIGIT_CLASS}{CN_COUNTING}]*[：:]?")
# Sentence punctuation that a document title does not contain.
TITLE_FORBIDDEN = re.compile(f"[{FULL_STOPS}{SEMICOLONS}{COMMAS}{COLONS}]")
# A sentence end: with a comma in the same line it marks a body paragraph.
SENTENCE_END = re.compile(f"[{FULL_STOPS}]")
HAS_CJK = re.compile(f"[{HAN_CLASS}]")

# Kind tagging: a heading about the coming period makes its section (and everything under it) a plan.
# Words that say so at any level: "三、下一步的工作打算", "（三）下步打算", "明年工作", "新的一年".
PLAN_WORDS = re.compile(r"下一步|下步|今后|明年|来年|新的一年|新一年|展望|打算|努力方向")
# Words that say so only in a report's main divisions (level 0/1): deeper down "理清发展思路" or
# "科学安排" describe work done.
# A 政府工作报告's second part names the tasks, targets and proposals of the coming period: "二、2008年主要
#任务", "三、对今年政府工作的建议", "二、“十五五”时期主要目标任务", "三、2026年重点工作", "二、2024年经济社会发展
# 总体要求和政策取向" ("圆满完成全年目标任务" reports work done).
PLAN_DIVISION_WORDS = re.compile(
    r"(?:工作|发展)(?:计划|安排|思路|设想|要点)|设想"
    r"|(?<!完成)(?<!完成了)(?<!完成全年)(?:主要|重点|目标)任务|重点工作|工作的?建议|总体要求|政策取向|预期目标"
)
# Words that make a heading explicitly about the period under review; they win over an inherited plan kind.
REVIEW_WORDS = re.compile(
    r"回顾|(?:完成|开展|进展|工作|执行|落实)情况|取得的成|主要成效|主要成绩|存在的(?:主要)?(?:问题|不足|困难)"
)
# ... and in main divisions only: "一、2023年工作总结" (deeper, "总结推广经验" is a plan's task).
REVIEW_DIVISION_WORDS = re.compile(r"总结|工作成效")
YEAR = re.compile(r"(?<![0-9])(20[0-9]{2}|19[0-9]{2}) ?年")
# A division that holds the whole review ("一、2023年工作回顾", "一、“九五”时期…的回顾"): the divisions
# after it are about the coming period unless their own words say otherwise.
REVIEW_PART = re.compile(r"回顾")
# An unnumbered headline line that names the coming period ("今年政府工作重点") is at most this long.
PLAN_HEADLINE_MAX = 20
# A paragraph that turns to the coming period: "下一步，我们将…", "新的一年，…", "今年是…的关键之年",
# "今年政府工作的总体要求是…", "今后五年…".
PLAN_TURN = re.compile(
    r"(?:下一步|下步|新的一年|明年|来年|今后五年|今后一个时期|今年是|今年(?:政府工作|经济社会发展)"
    r"(?:的)?(?:总体要求|主要预期目标|主要目标|重点))"
)
