"""Word tables that bound an indicator name around its number (used with jieba's part-of-speech tags)."""

from __future__ import annotations

import re

from services.extract.metrics.tails import TailPattern
from shared.chinese import CLOSE_BRACKETS, CN_COUNTING, CN_DIGIT_VALUES, OPEN_BRACKETS
from shared.chinese import CLOSE_QUOTES as CHINESE_CLOSE_QUOTES
from shared.chinese import OPEN_QUOTES as CHINESE_OPEN_QUOTES


def _words(table: str) -> frozenset[str]:
    return frozenset(table.split())


# Words that report how a number was reached, not what it measures; a name never starts or ends with them
# ("完成固定资产投资6.67亿元" → 固定资产投资, "全年粮食作物播种面积" → 粮食作物播种面积).
LIGHT_WORDS = _words(
    """
    完成 实现 达到 达 累计 共 共计 合计 总计 全年 预计 今年 今年来 今年以来 去年 当年 年内 目前 截至 截至目前 现
    开展 组织 组织开展 举办 召开 建成 建有 现有 共有 拥有 有 已 已经 先后 成功 顺利 圆满 全面 积极 扎实 持续 共同
    全镇 全乡 全县 全区 全市 全省 全村 全街 辖区 我镇 我乡 我县 我区 我局 我市 我们 其中 另外 此外 同时 还 又
    分别 各 均 都 约 近 超 逾 并 并且 以及 及 和 与 同 等 是 为 被 将 把 让 使 向 对 给 在 于 从 由 经 通过 按
    实施 发挥 推进 落实 推动 加快 加强 做好 抓好 力争 争取 确保 努力 重点 进一步 不断 深入 着力 大力 切实 认真 主要 一批 该 本 这 那
    即 就 可 再 要 也 又 便 则 才 仍 只 更 最 很
    """
)

# Parts of speech (jieba tags) that end a name when met walking away from the number: prepositions,
# pronouns, conjunctions, aspect particles. jieba's tags for adverbs and time words are too unreliable on
# short windows ("进度" comes out as an adverb, "青年" as a time word), so those stop only by word (LIGHT_WORDS).
STOP_TAGS = frozenset({"p", "r", "c", "ul", "uz", "ug", "uv"})
# Numeral tokens stop a name too when they are digits, Chinese numerals or date parts ("2023年驻镇资金").
DATE_PARTS = frozenset("年月日号")

# Link words between a name and its number, stripped from the end of the text before a number
# ("规上工业企业总产值达2.8亿元", "参保率为103%", "累计流转土地13400亩", "共计1594.93万元", "比重仅为31.2%",
# "地区生产总值将达到200亿元", "森林覆盖率由62.1%提高到63.5%").
TRAILING_LINKS = TailPattern(re.compile(
    r"(?:年均|(?:上升|下降|提升|提高|增加|增长|减少|降低)(?:到|至)|转为|(?<![提上回攀递新倍])[增降减升](?:至|到)|达到了|达到|(?<![下到送抵通传表发直])达|为|是|共计|共有|共|合计|总计|累计|约为|约|将近|接近|近|超过|超|逾|突破|大约|已经|已|"
    r"有|了|仅为|仅|将|有望|由|从|完成了|完成|实现了|实现|保持在|保持|稳定在|控制在|维持在|在|至|到|分别为|分别|各|(?<!平)均|高达|多达|总数|总量|的|等|各类)$"
), longest=3)
# Change and share words stripped from the end of the text before a rate ("同比增长34.62％" and
# "其中第一种形态312人次，占75.5%" name the indicator before).
TRAILING_CHANGE = TailPattern(re.compile(
    r"(?:(?:同比|环比|比上年|较上年|比去年|较去年|预期|预计|年均|同口径|同期)?(?:[(（]下同[)）])?"
    r"(?:增长|下降|减少|降低|提高|提升|增加|增幅|降幅|增速|净增|递增|递减|偏多|偏少)(?:了|为|达到|达|至|到)?"
    r"|占)$"
), longest=11)
# The base a share or completion rate is measured against, between its indicator and the number: "农业人口…占
# 总人口的94.27%", "占固定资产投资比重37.6%", "完成全年计划的107.9%", "完成调整预算的100.1%". The base is not
# the name: the indicator is the subject before it (or the level the rate follows).
# Comparisons name their base, not the indicator: "高于全省3.3个百分点", "比全省高0.8个百分点", "比1955年增加".
TRAILING_BASE = TailPattern(re.compile(
    r"(?:占(?!比)[^，。；、,;:：\s]{0,14}|完成[^，。；、,;:：\s]{1,10}的|完成[^，。；、,;:：\s]{0,6}(?:计划|任务|预算|目标)|"
    r"(?:高于|低于|高出|快于|慢于)[^，。；、,;:：\s]{0,8}|(?:比|较)(?![重例率较])[^，。；、,;:：\s]{1,10})$"
), longest=16)
# The base of a multiple: "梅雨量达815毫米，为常年3倍", "是全国平均水平的2倍".
TRAILING_MULTIPLE_BASE = TailPattern(re.compile(r"(?:为|是|相当于|等于)[^，。；、,;:：\s]{1,10}$"), longest=13)
# Words that are never a name on their own: relation, comparison and position words, bounds and hedges
# (a name read as one of them is replaced by the indicator the clause or sentence is about).
RELATION_WORDS = _words(
    """
    增加 增加到 提高 提高到 增长 增长到 下降 下降到 降低 降低到 减少 减少到 增速 增幅 降幅 净增 同比 同期 环比
    上年 去年 上年同期 比上年 较上年 年均 平均 同口径 计划 目标 任务 目标任务 预期目标 比重 占比 占 比例 以上 以下
    左右 以内 高于 低于 高出 达到 超过 预计 全年 当年 今年 分别 到 从 由 至
    上升 上升到 降到 降至 增至 升至 增 降 减 升 压减 缩减 新增 递增 递减 转为
    """
)
# A year or a span of years written as a word ("一九七八年", "1957年", "一九五○年", "二十八年间") is a date, never a name.
YEAR_WORD = re.compile(
    rf"^(?:(?:[○十{''.join(CN_DIGIT_VALUES)}]{{1,4}}|\d{{1,4}})年|(?:[{CN_COUNTING}]{{1,3}}|\d{{1,2}})月)(?:底|末|初|份|中旬|间|来)?$"
)
# Words that may sit between a name and its number without being part of it, skipped when the walk back
# from the number meets them first ("居民人均可支配收入预计4.6万元", "高技术制造业年均增长11.7%").
SKIPPED_BEFORE_NAME = frozenset({"预计", "预期", "年均", "同比", "同期", "比上年", "较上年", "上年", "去年", "平均", "每年", "到", "从", "由"})

# Verbs after a number that end the counted noun phrase ("6家企业进行了", "12个项目已全部竣工").
POST_STOP_WORDS = _words(
    """
    进行 实现 参加 参与 提供 投入 达到 达 完成 被 获得 荣获 纳入 实行 开展 落地 竣工 开工 建成 通过 覆盖 惠及
    涉及 带动 受益 参训 已 已经 全部 均 正在 共 共计 合计 累计 其中 分别 并 和 及 与 以及 等 基本 用于 用来
    解决 到 在 于 为 给 得到 取得 位于 成为 作为 正 仍 还 也 都 已于 现已 目前 近 超 约 逾 超过
    """
)

MAX_NAME = 24  # characters; longer spans are clauses, not names
# Quotes, and the brackets a name may hold or stand behind (not 【】〔〕, which hold labels and notes; the
# cleaner made ［］ half-width).
BRACKETS = "".join(ch for ch in OPEN_BRACKETS if ch not in "【〔")
OPEN_QUOTES = CHINESE_OPEN_QUOTES + BRACKETS + "["
CLOSE_QUOTES = CHINESE_CLOSE_QUOTES + "".join(ch for ch in CLOSE_BRACKETS if ch not in "】〕") + "]"
MAX_BRACKET = 8  # a bracket inside a name is short ("村（社区）", "就业工厂（帮扶车间）"); longer ones are notes

# Inline pinyin after characters, left by some scraped pages ("現(xiàn)在", "地區(qū)"): never part of a name. A
# bracket holds pinyin when it has a tone-marked vowel ("(PPP)", "(刁口乡)" are kept).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(f"[(（][a-zü{_TONED}]{{0,7}}[{_TONED}][a-zü{_TONED}]{{0,7}}[)）]")
