"""Rule tables of report metadata: how Chinese work reports name their body, place, period and type.

Every table is written from how such reports are built, not from one file:

* a title line "XX县2023年政府工作报告", "南漳镇人民政府2023年工作计划", "区住建局2022年度工作总结及2023年度
  工作思路" — issuer, then year and period, then the type word;
* the opening of a 政府工作报告: "——2023年1月10日在XX县第十八届人民代表大会第一次会议上", then the speaker
  "XX县人民政府县长 XXX", then "各位代表：现在，我代表XX县人民政府，向大会报告工作";
* a signature block at the end of a 总结/计划: "XX镇人民政府" over "2023年12月20日".

The logic that applies them is in ``services/parse/metadata/__init__.py``; the vocabulary (provinces, levels,
body kinds, report types, placeholder characters) in ``shared/chinese.py``.
"""

from __future__ import annotations

import re

from shared.chinese import CN_DIGIT_VALUES, COLONS, HAN_CLASS, HEADING_MARKER, PLACEHOLDER_CHARS

HAN = f"[{HAN_CLASS}]"
PLACEHOLDER = f"[{re.escape(PLACEHOLDER_CHARS)}]"
CN_DIGITS = "".join(CN_DIGIT_VALUES) + "十"

# --- places ---------------------------------------------------------------------------------------------

# Suffixes of administrative units, longest first, with the level of the unit they end. 市 is "city" here;
# a lone X市 may be a county-level city, which CITY_EVIDENCE decides.
UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("特别行政区", "province"), ("自治区", "province"), ("省", "province"),
    ("自治州", "city"), ("地区", "city"), ("州", "city"), ("盟", "city"), ("市", "city"),
    ("自治县", "county"), ("自治旗", "county"), ("县", "county"), ("旗", "county"), ("区", "county"),
    ("街道", "subdistrict"), ("镇", "town"), ("乡", "town"), ("苏木", "town"),
    ("社区", "village"), ("村", "village"),
)
# Names ending like a unit that are no administrative unit: development zones and parks ("蠡园开发区",
# "雄安新区", a report of one has no level we can name), and plain words alone ("城区", "辖区", "山区"; but
# "满城区" is a district).
NOT_A_UNIT = re.compile(r"(?:开发区|新区|园区|高新区|经开区|示范区|试验区|实验区|合作区|保税区|乡村|农村|城乡|城市)$|"
                        r"^(?:城区|辖区|景区|片区|库区|矿区|校区|郊区|市区|地区|山区|湖区|老区|社区|林区)$")
# A unit's own name (before its suffix): 1–5 characters with none of the words that only department names,
# conjunctions or sentences hold ("住房和城乡建设局" is no town "住房和城乡"); a determiner or a level word
# alone is no name ("全县", "我镇", "本区", "乡镇", "市县").
UNIT_NAME = re.compile(
    rf"(?:{PLACEHOLDER}{{1,4}}|(?:(?!和|与|及|的|之|局|厅|委|办|室|部门|中心|报告|工作|政府){HAN}){{1,5}})"
)
NOT_A_NAME = frozenset("全各我本该此这省市县区镇乡村街")
# A bare level word standing for the body's own place ("区住建局", "镇政府", "县人民政府"); 市场/区域/县域 are
# words, not a level.
BARE_LEVEL = re.compile(r"(?:乡镇|街道|省|市|县|区|镇|乡|村)(?![场域级直属])")

# A lone X市 is a prefecture-level city when its report speaks of the counties under it ("各县（市、区）", not
# "全省27个县（市、区）之一", a ranking);
# else it may be one of the county-level cities, which outnumber them, and its level is left open.
CITY_EVIDENCE = re.compile(r"(?<!个)县[（(]市、区[）)]|各县[（(]市[）)]|各县市区|各县区|市辖区")

# --- bodies ---------------------------------------------------------------------------------------------

# Organ words a body name ends with, longest first: (organ, body kind, level it implies or None). A level
# given by the organ wins over the place before it (the 办事处 of a 街道 is a subdistrict's).
ORGANS: tuple[tuple[str, str, str | None], ...] = (
    ("人民政府", "government", None), ("政府", "government", None),
    ("街道办事处", "government", "subdistrict"), ("街道办", "government", "subdistrict"),
    ("办事处", "government", "subdistrict"),
    ("村民委员会", "government", "village"), ("村委会", "government", "village"),
    ("居民委员会", "government", "village"), ("居委会", "government", "village"),
    ("党工委", "party", None), ("党委", "party", None), ("党组", "party", None), ("党支部", "party", None),
    ("党总支", "party", None),
)
NATIONAL_BODY = "国务院"
# The party committee of a place: "中共XX县委员会", "中国共产党XX镇委员会".
PARTY_COMMITTEE = re.compile(rf"(?:中共|中国共产党)({HAN}{{2,16}}?)委员会")
# A department of a government: its name ends in one of these ("林业局", "人力资源和社会保障厅",
# "卫生健康委员会", "发展和改革委员会", "人民政府办公室"); a place before it gives its level.
DEPARTMENT = re.compile(rf"{HAN}{{1,14}}?(?:局|厅|委员会|办公室|管委会|中心|署)$")

# --- the opening of a 政府工作报告 -------------------------------------------------------------------------

# A date: "2023年1月10日", "二〇二六年一月二十七日" (group year, month, day).
DATE = rf"(\d{{4}}|[{CN_DIGITS}〇零]{{4}})\s*年\s*(\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*月\s*(\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*日"
# "——2023年1月10日在XX县第十八届人民代表大会第一次会议上", "在第十四届全国人民代表大会第二次会议上",
# "在保定市十六届人大七次会议上"; the dash and brackets before it are optional, the line may be broken inside.
MEETING = re.compile(
    rf"(?:{DATE}\s*在?|在)\s*(?P<place>{HAN}{{0,16}}?)\s*(?:第?[{CN_DIGITS}\d]{{1,3}}届)\s*"
    rf"(?:(?P<national>全国)?人民代表大会|(?:全国)?人大)\s*第?[{CN_DIGITS}\d]{{1,3}}次\s*会议"
)
# A date alone on a line near the top of a 政府工作报告: the day it was delivered ("（2008年3月27日）").
DATE_LINE = re.compile(rf"^[（(—\-－―\s]*{DATE}[）)\s]*$")
# The speaker: "XX县人民政府县长 曹林虎", "国务院总理 李克强", "报告人：保定市人民政府市长于群".
_BODY_NAME = rf"{HAN}{{0,16}}?"
# What a speaker or on-behalf match may run over before the body's name: "政府工作报告易县人民政府县长…" names
# 易县人民政府 (the name starts after the last of these).
BEFORE_BODY = re.compile(r"^.*(?:报告人|报告|工作|代表|会议上|会议|大会|正文)[：:]?")
SPEAKER = re.compile(
    rf"(?P<body>{NATIONAL_BODY}|{_BODY_NAME}(?:人民政府|政府))\s*(?:代理|代)?"
    r"(?:省长|市长|县长|区长|旗长|州长|镇长|乡长|主席|总理)"
)
# "我代表XX县人民政府，向大会…", "我代表国务院向大会作政府工作报告"
ON_BEHALF = re.compile(rf"我代表\s*(?P<body>{NATIONAL_BODY}|{_BODY_NAME}(?:人民政府|政府))")
# The same, addressed to the congress: what makes a report a 政府工作报告 whatever its first lines say. Older
# national reports are given "受国务院的委托" or "根据国务院的决定", to "第X届全国人民代表大会".
ON_BEHALF_TO_CONGRESS = re.compile(
    rf"(?:我代表\s*(?P<body>{NATIONAL_BODY}|{_BODY_NAME}(?:人民政府|政府))|"
    rf"我(?:现在)?(?:受|根据)(?:中共中央和)?(?P<national>{NATIONAL_BODY})的?(?:委托|决定))[，,、\s]*(?:现在)?[，,\s]*"
    rf"(?:向(?:第?[{CN_DIGITS}\d]{{1,3}}届)?(?:全国人民代表)?大会|向各位代表|作(?:政府)?工作报告)"
)
# A first heading that reviews a year: "一、2023年工作回顾", "一、1993年国内工作的回顾", "2004年工作回顾",
# "一、2016年和过去五年工作回顾", "一、2023年工作完成情况".
REVIEW_YEAR = re.compile(r"(\d{4})\s*年(?:[^，。\n]{0,12}回顾|工作(?:完成|开展)?情况|工作总结)")

# --- titles ---------------------------------------------------------------------------------------------

# Report types as titles name them, each (regex, type). The earliest match in a title wins: "2023年工作总结和
# 2024年工作计划" is a 总结 (with a plan after it); "镇长年度工作总结" a 总结, "XX述职报告" a 述职报告. "2022年工作
# 回顾" alone is the first heading of a 政府工作报告, a title only with a plan after it ("…工作回顾及2024年工作安排").
TYPE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:人民)?政府工作报告"), "政府工作报告"),
    (re.compile(r"述职(?:述廉)?报告|述职"), "述职报告"),
    (re.compile(r"工作要点|要点"), "要点"),
    (re.compile(r"工作总结|总结|工作回顾(?=[及和暨与])|工作情况报告|工作报告"), "工作总结"),
    (re.compile(r"工作计划|工作打算|工作安排|工作思路|工作规划|计划"), "工作计划"),
    (re.compile(r"工作汇报|情况汇报|汇报"), "工作汇报"),
    (re.compile(r"预算(?:执行情况|草案)|决算|绩效评价报告|统计公报|通报|的报告|讲话"), "other"),
)
# A report in the first person about one's own post ("本人继续担任镇镇长职务") is a 述职报告 whatever its
# title says.
# A plan joined to what comes before it ("…前三季度工作总计及下一步工作计划", "…工作情况和明年工作打算") is
# the plan part of a review: the report is a 工作总结 even where the review's own type word is unusual.
PLAN_AFTER_REVIEW = re.compile(r"[及和暨与并、]\s*(?:下一步|下半年|明年|今后|来年|(?:19|20)\d{2}\s*年度?)")
OWN_POST = re.compile(r"本人(?:继续|一直)?(?:担任|任)[^，。]{1,20}职务")

# Periods, each (regex, period): the part of the year a report covers. A year with none of them is "年度".
PERIOD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"上半年"), "上半年"), (re.compile(r"下半年"), "下半年"),
    (re.compile(r"前三季度"), "前三季度"),
    (re.compile(r"第?一季度"), "一季度"), (re.compile(r"第?二季度"), "二季度"),
    (re.compile(r"第?三季度"), "三季度"), (re.compile(r"第?四季度"), "四季度"),
    (re.compile(r"(?<!\d)1\s*[-—－~至]\s*(\d{1,2})\s*月"), "1-{0}月"),
    (re.compile(r"[“\"]?十([一二三四五])五[”\"]?"), "十{0}五"),
    (re.compile(r"五年|届期|任期"), "五年"),
    (re.compile(r"年度|年终|全年"), "年度"),
)
# The year of a title: "2023年", "2023年度", "2020上半年" (no 年); a placeholder year ("20XX年") is none.
TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年|(?=上半年|下半年|前三季度|年度))")
# A title is short.
TITLE_MAX_CHARS = 60
# Site and page furniture before a title: "第1篇", "(山东省)", "标题:", "2022年…—全文".
TITLE_NOISE = re.compile(rf"^(?:第\d+篇|标题[{COLONS}])\s*|[—\-－]*全文$|范文$|\.docx?$|\(\d{{8}}\)|（\d{{8}}）")
# The salutation that opens the speech: a text starting with it has no title (lines after it are the speech).
SALUTATION = re.compile(r"^各位代表")
# A heading number at the start of a line: such a line is a heading of the body, not the report's title.
HEADING_START = re.compile(rf"^\s*{HEADING_MARKER}")
# A signature block: a body's name alone on a line, then a date line, within the last lines.
SIGNATURE_LINES = 6
SIGNATURE_DATE = re.compile(rf"^\s*{DATE}\s*$")
