"""Rule tables of indicator groups: how the wording of one indicator varies from report to report.

The logic is in ``groups.py``; synonyms the user may extend are in ``indicator_synonyms.tsv``.
"""

from __future__ import annotations

import re

from shared.chinese import CLOSE_BRACKETS, CLOSE_QUOTES, HSPACE, OPEN_BRACKETS, OPEN_QUOTES

# A bracketed note: at the end of a name ("地区生产总值(GDP)", "村(社区)", "农村危房改造（抗震改造）"), or of
# three characters or more inside it ("粮食（不包括大豆）的产量"). A one- or two-character alternate inside a word
# is kept: "村（居）民", "新（改）建".
_OPEN, _CLOSE = re.escape(OPEN_BRACKETS), re.escape(CLOSE_BRACKETS)
BRACKETED = re.compile(rf"[{_OPEN}][^{_OPEN}{_CLOSE}]*[{_CLOSE}]$|[{_OPEN}][^{_OPEN}{_CLOSE}]{{3,}}[{_CLOSE}]")
# Characters that never tell two indicators apart: spaces, quotes, the particle 的 ("粮食的播种面积"),
# punctuation a name keeps from its sentence.
NOISE = re.compile(rf"[{re.escape(HSPACE + OPEN_QUOTES + CLOSE_QUOTES)}\s\"'·、，,：:；;。]|的")

# Words before an indicator that say over which area or span it is counted, or how it was reached, not what it
# measures: "全年粮食作物播种面积", "全县地区生产总值", "累计完成固定资产投资", "全社会固定资产投资", "年末城镇
# 登记失业率". Dropped from the start of a name, repeatedly. 共 is not dropped before 共青团/共产/共同/共享/共建.
LEADING = re.compile(
    r"^(?:全(?:年|镇|乡|县|区|市|省|村|国|州|旗|盟|疆|街道|社会|部|体)|我(?:镇|乡|县|区|市|省|国)|"
    r"累计|今年|本年|当年|年内|年末|年底|共计|合计|总计|共(?!青|产|同|享|建|济|用)|其中|"
    r"完成|实现|达到|预计|力争|拟)"
)
# Words after an indicator left from the sentence around it: "农村居民人均纯收入实际(增长)", "一般公共预算收入
# 可比(增长)", "赤字率拟(按)", "城镇登记失业率控制(在)", "社会消费品零售总额实际".
TRAILING = re.compile(r"(?:实际|可比|年均|首次|却|应该|将要|控制|拟|预计|完成|实现|达到|达)$")
# 总 in front of what it totals says nothing more: "总投资" is the 投资 of the projects named, "粮食总产量" the
# 粮食产量, "农作物总播种面积" the 农作物播种面积. Kept where it is the term (生产总值, 零售总额, 进出口总额,
# 工业总产值) and before 收入/支出: "一般公共预算总收入" adds the transfers to the 一般公共预算收入.
TOTAL = ((re.compile(r"总(产量|播种面积)"), r"\1"), (re.compile(r"^总(?=投资|产值|规模|里程|面积)"), ""),
         (re.compile(r"总产$"), "产量"))
# An action before what it acts on names the same work as the noun phrase: "改造农村危房" = "农村危房改造".
VERB_FIRST = ((re.compile(r"^改造(.{2,})$"), r"\1改造"),)
# A name is never cut shorter than this ("完成率" keeps its 完成).
MIN_CHARS = 2
