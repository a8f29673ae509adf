"""The unit table: measure words and units an indicator can carry after its number, as reports write them.

Data only; patterns.py builds the mention regex from it. Sources:
- SI and China's legal units of measurement (GB 3100-1993 《国际单位制及其应用》, GB 3102 quantities and units):
  米, 公里/千米, 平方米, 平方公里, 立方米, 公顷, 吨, 千克/公斤, 千瓦, 千瓦时, 兆瓦, 毫米, km, kg.
- Traditional market units still legal in agriculture statistics (市制: 亩, 斤, 担) and colloquial forms of reports
  (平 for 平方米, 方 for 立方米 of earth or concrete).
- Statistical counting units of the National Bureau of Statistics' yearbook tables (人次, 户次, 标箱 for TEU of
  container ports, 剂次 for vaccine doses, 羽 for poultry, 台(套) for equipment, 头/只 for livestock).
- Chinese measure words (量词) of counts in work reports (个, 项, 家, 处 …), and durations of work (天, 个月,
  个工作日), which the web-set conventions annotate ("持续3个多月", "梅雨期长达50天").
Dates, ages (岁), scores (分) and grades (级) are left out: reports use them for when and how, not how much.
"""

from __future__ import annotations

# Units after a number, the longest first where one is a prefix of another ("平方公里" before "公里", "人次"
# before "人", "个月" before "个").
UNITS = (
    "个百分点",
    "个工作日", "个多月", "个余月", "个月",
    "平方公里", "平方千米", "平方米", "立方米", "千瓦时", "微克/立方米", "毫克/立方米",
    "台(套)", "台（套）",
    "公里", "千米", "公顷", "公斤", "千克", "千瓦", "兆瓦", "平米", "美元", "毫米", "标箱",
    "人口", "人次", "户次", "家次", "场次", "批次", "车次", "辆次", "架次", "班次", "台次", "件次", "剂次",
    "元", "亩", "米", "吨", "斤", "担", "倍", "天",
    "人", "名", "位", "户", "个", "家", "处", "间", "条", "座", "套", "棵", "株", "头", "只", "羽", "张", "对",
    "篇", "期", "批", "项", "件", "宗", "起", "口", "份", "类", "支", "册", "本", "台", "辆", "艘", "所",
    "栋", "幢", "块", "根", "盏", "枚", "匹", "箱", "袋", "次", "场", "轮", "例", "部", "眼", "孔", "片", "组",
    "方", "平",
    "km", "kg",
    "%", "‰",
)

# Per-unit denominators written after a unit with "/" ("元/人/月", "元/亩", "人/平方公里"): the metric's unit is
# the whole compound.
PER_UNITS = ("平方公里", "平方米", "立方米", "人", "户", "月", "年", "天", "亩", "吨", "公斤", "千克", "小时", "次")

# Base unit for written forms that differ from it; hedged forms carry their hedge (approx) too.
UNIT_ALIASES = {"人口": "人", "平米": "平方米", "个多月": "个月", "个余月": "个月", "台（套）": "台(套)"}
HEDGED_UNITS = {"个多月", "个余月"}

# Units of a rate: named like a change (by the indicator they qualify) and given a change word.
RATE_UNITS = frozenset({"%", "‰", "个百分点", "倍"})

# Ratings of equipment: "60千瓦变压器" describes a device, not how much was done ("建设1000千瓦光伏电站" is
# a plant's capacity, which is a metric).
RATING_UNITS = frozenset({"千瓦", "兆瓦"})
RATED_DEVICES = ("变压器", "电机", "电动机", "发电机", "锅炉", "水泵", "抽水机", "柴油机")

# Durations: a time limit ("5个工作日内办结", "3天以内") or a point in time ("30天后") is not a metric.
DURATION_UNITS = frozenset({"天", "个月", "个工作日"})
