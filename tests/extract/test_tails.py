"""End-anchored patterns searched on a string's tail find what a whole-string search finds."""

import re
import re._parser as sre_parse  # only to read each pattern's match width

import pytest

from services.extract.metrics import naming_rules, patterns
from services.extract.metrics.tails import TailPattern

TAILS = [
    pytest.param(naming_rules.TRAILING_LINKS, id="trailing-links"),
    pytest.param(naming_rules.TRAILING_CHANGE, id="trailing-change"),
    pytest.param(patterns.CHANGE_BEFORE, id="change-before"),
    pytest.param(patterns.COMPARED_CHANGE_BEFORE, id="compared-change-before"),
]


@pytest.mark.parametrize("tail", TAILS)
def test_declared_longest_match_is_the_patterns_width(tail: TailPattern):
    assert sre_parse.parse(tail.pattern.pattern, tail.pattern.flags).getwidth()[1] == tail.longest


# windows before numbers as the dev reports and the held-out-like reports write them
BEFORES = [
    "全镇完成农业总产值同比增长了", "比重仅为", "粮食播种面积比上年增加", "较2022年同期减少了", "规上工业企业总产值达",
    "社会消费品零售总额达到了", "送达", "同比增长34.62％，其中第一种形态占", "城镇化率较上年提高", "\n增长\n", "", "为",
]


@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize("text", BEFORES)
def test_tail_search_equals_whole_search(tail: TailPattern, text: str):
    whole = tail.pattern.search(text)
    found = tail.search(text)
    assert (found and found.span()) == (whole and whole.span())
    assert tail.strip(text) == tail.pattern.sub("", text)


def test_a_lookbehind_sees_before_the_tail():
    pattern = TailPattern(re.compile(r"(?<!送)达$"), longest=1)
    assert pattern.search("送达") is None and pattern.search("总产值达")
