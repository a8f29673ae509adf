"""Pattern tables for metric extraction: how Chinese work reports write numbers, units and qualifiers.

Only data and compiled regexes live here; the logic that uses them is in the sibling modules.
Every table is ordered where order matters (longest alternative first) and says what wording it targets.
"""

from __future__ import annotations

import re

from services.extract.metrics.tails import TailPattern
from services.extract.metrics.units import PER_UNITS, UNITS
from shared.chinese import CLAUSE_BREAKS as COMMA_BREAKS
from shared.chinese import (
    CN_COUNTING,
    CN_DIGIT_BY_VALUE,
    CN_NUMERAL_CLASS,
    COLONS,
    FULL_STOPS,
    HAN_CLASS,
    OCR_DIGIT_LETTERS,
    SEMICOLONS,
)

# --- characters --------------------------------------------------------------------------------------

# Extraction reads cleaned text (services/parse/cleaning): digits, Latin letters and signs are half-width there
# (１２３ ％ － ～ ＋ Ａ → 123 % - ~ + A), and the Chinese punctuation of running text stays full-width
# (，。：；？！（）, and ． but in a number), so the patterns below write both widths of those only.

# Chinese numerals: digits (零〇一二两…九) and multipliers (十百千万亿), shared.chinese.CN_NUMERAL_CLASS.
CN_DIGITS = CN_NUMERAL_CLASS
# Letters OCR puts for digits in scanned reports ("IlOO多万元" = 1100多万元).
OCR_DIGITS = OCR_DIGIT_LETTERS

# --- units -------------------------------------------------------------------------------------------

# The unit table (units, per-unit denominators, aliases) is data of its own: units.py names its sources.
# Words that start with a unit character but are not a unit after a number ("3部门" is not 3 部 of 门).
NOT_UNIT_AFTER = {
    unit: re.compile(following)
    for unit, following in {
        "个": r"月|季度|工作日|小时|星期",  # "3个月", "5个工作日": durations
        "部": r"[门署委]",
        "片": r"区",
        "期": r"[间末初]",
        "台": r"账",
        "名": r"[单称额次]",
        "位": r"[于置]",
        "场": r"[所地景]",
        "类": r"[型别]",
        "口": r"岸",
        "本": r"[级地土]",
        "次": r"[日年月]",
        "处": r"[理置于罚]",
        "起": r"[来步草]",
        "户": r"[籍口]",
        "件": r"事",
        "方": f"[{HAN_CLASS}]",  # "12万方" of earth; "三方协议", "5方面" are not
        "平": f"[{HAN_CLASS}]",  # "13600平" for 平方米; "5平台" is not
        "倍": r"[增数率]",  # "3倍" but not "倍增", "倍数"
        "组": r"[织建成合长委团员件别]",  # "分7组"; "组织", "组建" are not units
        "羽": r"[毛绒]",
        "天": r"(?:内|以内|之内|后|以后|前|以前|然|津|来|\s*\d|一)",  # time limits, points in time, "3天1轮"
        "个月": r"(?:内|以内|之内|后|以后|前|以前|来|以来)",
        "个工作日": r"(?:内|以内|之内|办结)",
    }.items()
}

# Multipliers written between a number and its unit ("6.67亿元", "1.7万余对", "12.6万人次").
MULTIPLIERS = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}

# --- numbers -----------------------------------------------------------------------------------------

# Thousands separators may be ASCII or full-width ("２３，６８８，９４４，０００元" reaches us as "23，688，944，000元").
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:，\d{3})+(?![\d，])(?:\.\d+)?|\d+(?:\.\d+)?"
# A decimal point lost to a space in converted PDFs: "5 9亿元" is 5.9亿元, "108 3%" is 108.3% (short integer part,
# one or two digits after the space, the multiplier or unit right after them).
_SPACED_DECIMAL = r"(?<![\d.,])(?<!\d[ ])\d{1,3}[ ]\d{1,2}(?=(?:MULT)?(?:UNIT))"
# Letter-spaced digits of a letter-spaced line ("达到7 4 7 7 2 亿元", "覆盖率达到8 5 %"): three or more spaced digits,
# or two followed by a space before the unit (a lost decimal point has the unit right after its digits).
_LETTER_SPACED = r"(?<![\d.,])(?<!\d[ ])(?:\d(?:[ ]\d){2,}(?=[ ]?(?:MULT)?(?:UNIT))|\d[ ]\d[ ](?=(?:MULT)?(?:UNIT)))"
# OCR-garbled digits: letters that look like digits mixed with digits, at least two characters.
_OCR = r"[Il1][IlO0-9]+(?:\.[IlO0-9]+)?"
_CHINESE = f"[{CN_DIGITS}]+(?:[点點][〇{CN_DIGIT_BY_VALUE}]+)?"  # "百分之十四点七", "三点五亿元"
# Placeholders left where numbers were removed ("XX万元", "X.X亿元", "***").
_PLACEHOLDER = r"[Xx×*]+(?:\.[Xx×*]+)?"

_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_PER_ALT = "|".join(re.escape(u) for u in PER_UNITS)
_MULT_ALT = "|".join(re.escape(m) for m in MULTIPLIERS)
_SPACED_DECIMAL = _SPACED_DECIMAL.replace("MULT", _MULT_ALT).replace("UNIT", _UNIT_ALT)
_LETTER_SPACED = _LETTER_SPACED.replace("MULT", _MULT_ALT).replace("UNIT", _UNIT_ALT)

# Units a metric may carry without writing them: money after investment words ("投资3737万的…", "總投資過千萬")
# and people after population words ("总人口近79万"). The number ends at the multiplier; nothing follows it but
# 的 or punctuation.
IMPLIED_UNIT_NOUNS = {"总投资": "元", "投资": "元", "资金": "元", "投入": "元", "总人口": "人", "人口": "人", "常住人口": "人"}

# The core mention: number, optional hedge, optional multiplier, unit, optional trailing hedge
# ("近25000人次", "1.7万余对", "850多万元", "90％以上", "500亩左右", "1－2个", "4.5%至5%"), or a
# percentage in words ("百分之五"). A number without a unit never matches: dates, list markers, ids.
# The characters a mention and a unit can start with, checked first: a one-step test that spares the regex
# engine the long alternations at the thousands of places where no mention starts (the same matches, ~2x faster).
_MENTION_FIRST = "[0-9" + re.escape("".join(OCR_DIGITS) + "Xx×*" + CN_DIGITS) + "]"  # 百分之 starts with 百
_UNIT_FIRST = "[" + re.escape("".join(sorted({u[0] for u in UNITS}))) + "]"
MENTION = re.compile(
    rf"""
    (?={_MENTION_FIRST})
    (?:
    百分之(?P<percent_number>{_ARABIC}|{_CHINESE})(?P<hedge_pct>以上|左右|多)?
    |
    (?P<number>{_LETTER_SPACED}|{_SPACED_DECIMAL}|{_ARABIC}|{_OCR}|{_PLACEHOLDER}|{_CHINESE})
    (?:\s*(?P<unit_low>%)?\s*(?P<range_sep>[-~—–至到])\s*(?P<number_max>{_ARABIC}|{_CHINESE}))?
    \s*(?P<hedge_in>余|多)?
    (?P<mult>{_MULT_ALT})?
    (?P<hedge_mid>余|多)?
    (?P<mult2>万|亿)?  # "1千余万元"
    \s*(?={_UNIT_FIRST})(?P<unit>{_UNIT_ALT})(?P<per>(?:/(?:{_PER_ALT}))*)
    (?P<hedge_out>以上|左右|余|多)?
    )
    """,
    re.VERBOSE,
)
_IMPLIED_NOUN_ALT = "|".join(sorted(IMPLIED_UNIT_NOUNS, key=len, reverse=True))
IMPLIED_MENTION = re.compile(
    rf"(?P<noun>{_IMPLIED_NOUN_ALT})(?P<hedge>近|约|超过|超|逾|过|達到|达到|达|为)?"
    rf"(?:(?P<number>{_ARABIC}|{_CHINESE})(?P<mult>万亿|亿|万)|(?P<bare>千万|百万))(?=的|[，。；、,;:：\s]|$)"
)
IMPLIED_HEDGES = {"近", "约", "超过", "超", "逾", "过"}
ARABIC_RE = re.compile(rf"^(?:{_ARABIC})$")
SPACED_DECIMAL_RE = re.compile(r"^\d{1,3} \d{1,2}$")
LETTER_SPACED_RE = re.compile(r"^\d(?: \d)+ ?$")
OCR_RE = re.compile(rf"^(?:{_OCR})$")
CHINESE_RE = re.compile(rf"^{_CHINESE}$")
PLACEHOLDER_RE = re.compile(rf"^(?:{_PLACEHOLDER})$")

# --- hedges (approx) ---------------------------------------------------------------------------------

# Hedges written just before the number: "近25000人次", "约1000亩", "超9000万元", "逾", "突破", and lower
# bounds that read like "以上" ("不少于20个", "不低于5000万元").
HEDGE_BEFORE = re.compile(r"(?:将近|接近|大约|约为|约|近|超过|超|逾|突破|多达|不少于|不低于|至少)$")

# --- change words ------------------------------------------------------------------------------------

# Relation words in front of a rate or change, nearest to the number wins; "达/为/了" may sit between
# ("同比增长34.62％", "增长6％", "下降了3个百分点"). Longest first.
CHANGE_BEFORE = TailPattern(re.compile(
    r"(?P<word>同比增长|同比下降|同比减少|同比提高|同比增加|环比增长|环比下降|增长|增幅|增速|净增|递增|递减|下降|减少|降低|提高|提升|"
    r"增加|偏多|偏少)(?:了|为|达到|达|至|到)?$"
), longest=6)
# Change words the web-set conventions write with the guide's word (增速/净增/偏多 → 增长).
CHANGE_CANONICAL = {"增速": "增长", "净增": "增长", "递增": "增长", "递减": "下降", "偏多": "增长", "偏少": "下降"}
# Share words: "完成占比102%", "占全县的35%", "占计划任务169.1%".
SHARE_BEFORE = re.compile(r"占比|占[^，。；、]{0,12}$")
# Changes of a level that count as a change only for percentages and points; money or counts after
# "增加/提升" are levels ("平均每月增加2400余元收入").
CHANGE_FOR_LEVELS = {"同比增长", "同比下降", "同比减少", "增长", "下降", "减少", "净增", "偏多", "偏少"}
# ... except after a comparison base: "比上年增加1.8万亩", "较去年同期减少12起" are changes of a level.
COMPARED_CHANGE_BEFORE = TailPattern(re.compile(
    r"(?:比|较)(?:上年|去年|上一年|20\d\d年)(?:同期)?(?P<word>增加|减少|提高|提升|降低)(?:了|为|达到|达|至|到)?$"
), longest=12)

# --- kind (target) -----------------------------------------------------------------------------------

# Cues that make a number a goal or forecast rather than a result, searched in the sentence before it.
# "预计全年完成" in a review is a result; "预计明年" is a forecast. "计划生育" and "指导性计划16名" are nouns.
# "预期目标" heads a government report's list of goals ("主要预期目标：地区生产总值增长6%，…").
# "到2025年" sets a goal only for a year after the one reviewed ("预计到2015年年底完成…" in a 2015 review is a result)
# and not as the end of a from/to pair ("由2020年的14646元提高到2020年的16403元"); "计划于今年年底完成…" plans.
TARGET_CUES = re.compile(
    r"力争|力求|目标(?:是|为|:|：)|预期目标|拟|预计(?:明年|下一年|下年)|争创|计划(?:到|于|在)|"
    r"(?<![高加长升])到(?P<goal_year>20\d\d)年(?:底|末)?|下一步|明年|下一年度"
)
# Words that bring a sentence back to what was done after a goal was stated ("城市化率目标为49.5%，争取50%，
# 目前我区上报城市化率为51%", "目标任务为500人，实际新增就业800人").
ACTUAL_AFTER_GOAL = re.compile(r"目前|实际|截至目前|现已")
# "计划/规划" make a goal of the clause they open ("计划总投资10.51亿元"), not of the clauses after it
# ("计划总投资10.51亿元，其中已开工4个").
# "争取/努力" make a goal before a result ("争取全年完成投资20亿元") but a deed before funds ("争取上级资金3.6亿元");
# "预期增长6%" is a forecast; "目标任务为" sets a goal for its clause only ("…500人，实际新增就业800人");
# "完成计划投资的105%" is a result measured against a plan; "确保" states a goal for its clause ("确保粮食播种面积
# 稳定在52万亩以上", but "确保人民群众生命财产安全，今年…累计塌方436处" reports), unless 了 makes it done.
TARGET_CUES_CLAUSE = re.compile(
    r"(?<!完成)计划(?=总投资|投资|新建|建设|实施|完成|种植|新增|建成|打造|用地|占地)|规划(?=创建|建设|新建|打造)|"
    r"(?:争取|努力)(?=全年|年内|完成|实现|达到|新增|建成)|预期(?=增长|达到|实现)|(?:目标|指标)?任务(?:是|为)|确保(?!了)|预计(?=投资|总投资)|"
    r"将(?=新建|建成|完成|实施|新增|投入|打造|培育|达到|实现|力争)|"
    # a quota handed down ("省下达我县新增就业任务5000人"), not a result measured against it ("完成市下达任务的105%",
    # "比年初下达的指标超收2660万元")
    r"(?<!完成)(?<!完成.)(?<!完成..)下达(?!的)(?=[^，。；,;]{0,12}?(?:任务|指标|计划))"  # "将" of the future, not of 把 ("将项目建设作为")
)

# Section titles that review a plan rather than set one ("一、促进就业计划执行情况"), and titles that name a review
# beside a plan ("前三季度工作总结及下一步工作计划"): neither makes its numbers targets by itself.
REVIEW_OF_PLAN_TITLE = re.compile(r"(?:执行|完成|落实)情况|总结|总计|回顾|完成[^，。；,;]{0,8}计划的")
# A paragraph that opens by announcing goals ("2021年社会保险计划目标为：…。…分别达到1920万人…") sets goals
# in all its sentences, until it turns back to results.
GOAL_LEAD = re.compile(r"(?:目标|任务|指标)(?:是|为)?[:：]")

# --- year of the period under review -------------------------------------------------------------------

# A report delivered at the start of the year its title names ("2024年XX县政府工作报告", read in January)
# reviews the year before when it speaks of "过去一年" ("一、过去一年工作回顾", "过去的一年，我们…").
PAST_YEAR_CUE = re.compile(r"过去(?:的)?一年|上一年度工作回顾")

# --- never a metric ----------------------------------------------------------------------------------

# Text just before a number that makes it an ordinal, rank or part of a name ("第一", "排名第三",
# "PM2.5", "1+13+6", "12345热线" handled by the unit table: no unit follows).
NOT_METRIC_BEFORE = re.compile(r"(?:第|前|[A-Za-z+＋#№/.:：-])$")  # "前3名" is a rank too
# Text just after the mention that makes it a date, a qualifier or part of a name.
# A goal after "以上的" keeps the number a (hedged) figure: "新增就业5000人以上的目标任务全面完成".
# A bound before the kind of thing it qualifies is a category threshold ("规模以上企业" style); a count followed
# by an ordinal counts ranks ("取得9个第一"); "15条硬措施", "八条措施" name a policy, not a count of measures.
NOT_METRIC_AFTER = re.compile(
    r"^(?:\+|[:：](?=\d)|(?:及以上|以上|以下|以内)(?:的(?!目标|预期|任务)|人员|对象|企业|项目|群众|家庭|农户|老人|村)|"
    rf"第[{CN_COUNTING}\d]|硬?(?:措施|举措|禁令|意见|规定)(?![{HAN_CLASS}]))"
)
# Thresholds of a category: a lower bound tied by 的 to the thing it qualifies ("投资超亿元的项目", "纳税超过10万元的
# 企业"); "投资3737万的土地综合整理" (no bound) measures the project.
THRESHOLD_HEDGES = re.compile(r"(?:超过|超|逾|不少于|不低于|至少)$")
THRESHOLD_AFTER = re.compile(rf"的(?!目标|预期|任务)[{HAN_CLASS}]")
# A size class: an amount of money or a figure in 万/亿 with a bound right before a noun ("5万只以上养殖小区",
# "500万元以上项目"); a small count so bounded counts the noun ("培育2家以上林木加工企业").
SIZE_CLASS_AFTER = re.compile(rf"(?:及以上|以上|以下)(?![的目任预左和或])[{HAN_CLASS}]")
# Distances of a place: "距县城82公里", "北接丰谷镇距主城区20公里", "南邻四场镇8公里", "约2公里处".
DISTANCE_UNITS = {"公里", "千米", "米", "km"}
DISTANCE_BEFORE = re.compile(r"(?:距离?|(?<![隔脱分撤远背偏])离|邻|相隔|相距)[^，。；、,;]{0,10}$")
DISTANCE_AFTER = re.compile(r"处")
# Shares of a sample: "1%人口抽查" is the survey's size, not an indicator.
SAMPLE_AFTER = re.compile(rf"[{HAN_CLASS}]{{0,4}}(?:抽查|抽样|抽样调查)")
# "每平方公里48人": the per-unit written before the number makes a compound unit (人/平方公里).
PER_BEFORE = re.compile(r"每(?P<per>平方公里|平方米|立方米|公顷|亩|万人|千人)$")

# "每个季度至少三次", "每月1次": a frequency rule, not a count of what was done.
FREQUENCY_BEFORE = re.compile(r"每[^，。；、]{0,5}$")
# "每网格不超过20户", "每村至少2名": a rule of so many per unit, whatever the unit.
RULE_BEFORE = re.compile(r"每[^，。；、]{0,6}(?:不超过|不少于|不低于|不得超过|至少|最多|控制在)$")
FREQUENCY_UNITS = {"次", "场", "场次", "期", "轮"}
# Sessions of congresses and plenums: "十一届人大四次会议", "七届五次全会".
SESSION_BEFORE = re.compile(r"届[^，。；、]{0,4}$")

# Chinese numerals followed by these are sessions, phases or slogans, not counts
# ("七届五次全会", "二期工程", "八项规定", "六个方面", "六位一体", "两个确保", "三条红线", "五个一工程",
# "三次产业", and the yearly programme "十件民生实事" of government reports).
CN_NOT_COUNT_AFTER = re.compile(
    rf"^(?:[{CN_COUNTING}]|产业|全会|届|会议精神|规定|方面|一体|大行动|大工程|大战略|百年|意识|自信|维护|确保|"
    r"坚持|统筹|到位|责任|红线|底线|主线|不摘|优先|清零|结合|融合|民生实事|"
    # slogans of work reports ("三个代表", "三个平安", "三张名片", "三个共同", "三家班子"), census abbreviations
    # ("七人普", "四经普") and digits of a labelled task ("十二个100%")
    r"代表|平安|名片|共同|班子|普|\s*\d)"
)
# Places named with a numeral and a measure word: "四场镇", "三台县".
CN_PLACE_AFTER = re.compile(r"^[镇乡县]")
# Chinese-numeral counts of phases and items stand when nothing is counted after them: "承担了两项，", "分两期进行
# 建设"; "两项补贴", "二期工程" are names.
CN_BARE_COUNT_AFTER = re.compile(r"^(?:[，。；、,;:：]|进行|实施|建设|完成|$)")
CN_BARE_COUNT_BEFORE = "了分共有"  # ... after the verb that does them ("承担了两项", "分两期"), not "工程二期"
# Phase numbers of a numbered line or road: "地铁4号线2期".
PHASE_LABEL_BEFORE = re.compile(r"[线号路]$")
CN_NOT_COUNT_UNITS = {"项", "期", "部", "片", "口", "本", "眼", "孔", "所", "类", "级"}
# Units after which a Chinese numeral "一" is almost always an idiom ("一批", "一套", "一张蓝图").
# ("一起" is also "together", "一次" "once").
CN_ONE_IDIOM_UNITS = {"批", "套", "张", "片", "条", "支", "类", "本", "场", "轮", "项", "处", "口", "份", "起", "次", "位"}

# Quotation marks (shared.chinese OPEN_QUOTES / CLOSE_QUOTES): numbers inside short quoted strings are names
# ("1102", "5678", "1+13+6").

# --- clause structure --------------------------------------------------------------------------------

SENTENCE_BREAKS = FULL_STOPS + SEMICOLONS + "\n"
# Where a clause ends: a sentence break, a comma, an enumeration comma or a colon.
CLAUSE_STOPS = COMMA_BREAKS + COLONS + SENTENCE_BREAKS

# "规上工业增加值、固定资产投资分别增长9.7%、15.3%": items before 分别, numbers after it in the same order.
RESPECTIVELY = re.compile(r"分别")
RESPECTIVELY_ITEM_SPLITS = (re.compile(r"[、和及与]"), re.compile(r"、"))
RESPECTIVELY_LIST_GAP = re.compile(
    r"(?:同比增长|同比下降|达到|达|为|是|增长|下降|提高|减少|降低|增加|占|有|完成|实现|[、，,和及与\s])*"
)
