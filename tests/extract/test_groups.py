"""Indicator groups: variants of one indicator get one canonical name; different indicators never share one.

Cases are real metric names the analyzer finds, grouped by where they came from; the frequent-names file
(tests/extract/data/frequent_metric_names.tsv) holds the most frequent names of the full corpus and web set.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from services.extract.metrics import groups
from services.extract.metrics.groups import Synonyms, canonical_indicator
from shared.settings import get_settings

DATA = Path(__file__).parent / "data"

# (canonical, [variants as the analyzer read them]), by source
SAME = {
    "issue #12": [
        ("粮食播种面积", ["粮食播种面积", "粮食作物播种面积", "全年粮食种植面积", "全年粮食作物播种面积", "全镇粮食播种面积"]),
    ],
    "dev set (tests/data/reports)": [
        ("粮食播种面积", ["粮食作物播种面积"]),
        ("规模以上工业企业总产值", ["规上工业企业总产值"]),
        ("旱厕改造", ["改造旱厕"]),
        ("限上社会消费品零售总额", ["限上社会消费品零售额"]),
    ],
    "web set (tests/data/web)": [
        ("粮食产量", ["粮食总产量", "粮食总产", "粮食产量"]),
        ("蔬菜产量", ["蔬菜总产量", "蔬菜总产"]),
        ("固定资产投资", ["全社会固定资产投资", "固定资产投资"]),
        ("城镇居民人均可支配收入", ["城镇常住居民人均可支配收入"]),
        ("农村居民人均可支配收入", ["农村常住居民人均可支配收入"]),
        ("规模以上工业增加值", ["规上工业增加值"]),
        ("一般公共预算收入", ["财政一般预算收入"]),
        ("进出口总额", ["外贸进出口总额"]),
        ("农村居民人均纯收入", ["农民人均纯收入"]),
    ],
    "full corpus (tests/data/full)": [
        ("城镇新增就业", ["城镇新增就业", "新增城镇就业", "城镇新增就业人数", "全国新增城镇就业"]),
        ("一般公共预算收入", ["地方一般公共预算收入", "地方一般预算收入", "公共财政预算收入", "一般公共财政预算收入",
                              "一般公共预算收入可比", "一般预算收入", "地方公共财政预算收入"]),
        ("社会消费品零售总额", ["社会消费品零售总额实际", "社会消费品零售额"]),
        ("进出口总额", ["进出口贸易总额", "进出口总值", "货物进出口总额", "全国进出口总额", "外贸进出口总值"]),
        ("财政收入", ["全部财政收入", "全国财政收入", "全部财政收入可比"]),
        ("农村居民人均纯收入", ["农村居民人均纯收入实际", "农村居民家庭人均纯收入", "农民人均纯收入实际",
                                "农村居民人均纯收入年均"]),
        ("实际利用外资", ["实际使用外资", "全国实际利用外资"]),
        ("居民消费价格涨幅", ["居民消费价格上涨"]),
        ("城镇登记失业率", ["年末城镇登记失业率", "城镇登记失业率控制"]),
        ("城镇调查失业率", ["年末全国城镇调查失业率", "年末城镇调查失业率"]),
        ("居民人均可支配收入", ["全体居民人均可支配收入", "全国居民人均可支配收入实际"]),
        ("工业总产值", ["工业产值", "全国工业总产值"]),
        ("农业总产值", ["农业产值", "农业总产值（包括村办工业）"]),
        ("政协提案", ["政协委员提案"]),
        ("新改建农村公路", ["新建改建农村公路"]),
        ("老旧小区改造", ["改造老旧小区"]),
        ("农村危房改造", ["改造农村危房", "农村危房改造（抗震改造）"]),
        ("地区生产总值", ["地区生产总值（GDP）", "全疆地区生产总值"]),
        ("粮食产量", ["粮食（不包括大豆）的产量", "全国粮食总产量"]),
        ("投资", ["总投资"]),
    ],
}

# Pairs that are different indicators: they must keep different names.
DIFFERENT = [
    ("粮食产量", "粮食播种面积"),
    ("一般公共预算收入", "一般公共预算支出"),
    ("一般公共预算收入", "一般公共预算总收入"),  # the total adds the transfers
    ("城镇居民人均可支配收入", "农村居民人均可支配收入"),
    ("城乡居民人均可支配收入", "城镇居民人均可支配收入"),
    ("农村居民人均纯收入", "农村居民人均可支配收入"),  # two definitions (before / since 2013)
    ("城镇登记失业率", "城镇调查失业率"),
    ("国内生产总值", "国民生产总值"),
    ("地区生产总值", "国内生产总值"),
    ("常住人口城镇化率", "户籍人口城镇化率"),
    ("高新技术企业", "新增高新技术企业"),
    ("社会消费品零售总额", "网络零售额"),
    ("进出口总额", "出口"),
    ("固定资产投资", "工业投资"),
    ("财政收入", "一般公共预算收入"),
    ("规模以上工业增加值", "规模以上工业企业"),
    ("完成率", "率"),
    ("共青团员", "团员"),
]


def _cases():
    for source, groups_ in SAME.items():
        for canonical, variants in groups_:
            for variant in variants:
                yield pytest.param(variant, canonical, id=f"{source}:{variant}")


@pytest.mark.parametrize(("name", "canonical"), list(_cases()))
def test_variants_share_the_canonical_name(name, canonical):
    assert canonical_indicator(name) == canonical


@pytest.mark.parametrize(("one", "other"), DIFFERENT, ids=[f"{a}≠{b}" for a, b in DIFFERENT])
def test_different_indicators_are_never_merged(one, other):
    assert canonical_indicator(one) != canonical_indicator(other)


def _frequent_names() -> list[tuple[str, int, str]]:
    rows = []
    for line in (DATA / "frequent_metric_names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, count, name = line.split("\t")
            rows.append((source, int(count), name))
    return rows


def test_frequent_names_group_without_crossing_different_indicators():
    names = {name for _, _, name in _frequent_names()}
    by_group = collections.defaultdict(set)
    for name in names:
        by_group[canonical_indicator(name)].add(name)
    print(f"frequent names: {len(names)} distinct → {len(by_group)} groups")
    assert len(by_group) < len(names)
    for one, other in DIFFERENT:
        assert canonical_indicator(one) != canonical_indicator(other)
        for group in by_group.values():
            assert not ({one, other} <= group), (one, other, group)


def test_canonical_names_are_fixed_points():
    for _, _, name in _frequent_names():
        canonical = canonical_indicator(name)
        assert canonical_indicator(canonical) == canonical, name


def test_normalisation_alone():
    assert canonical_indicator(" 中央财政用于“三农”的支出 ") == "中央财政用于三农支出"
    assert canonical_indicator("ＧＤＰ") == "GDP"
    assert canonical_indicator("") == ""


def test_a_user_file_extends_the_synonyms(tmp_path, monkeypatch):
    user = tmp_path / "synonyms.tsv"
    user.write_text("# mine\n社会商品零售总额\t社会消费品零售总额\n^城镇化率\t常住人口城镇化率\n", encoding="utf-8")
    assert canonical_indicator("社会商品零售总额") == "社会商品零售总额"
    monkeypatch.setenv("REPORTFLOW_INDICATOR_SYNONYMS", str(user))
    get_settings.cache_clear()
    groups.default_synonyms.cache_clear()
    try:
        assert canonical_indicator("社会商品零售额") == "社会消费品零售总额"
        assert canonical_indicator("城镇化率") == "常住人口城镇化率"
        assert canonical_indicator("户籍人口城镇化率") == "户籍人口城镇化率"  # ^ matches whole names only
        assert canonical_indicator("粮食作物播种面积") == "粮食播种面积"  # the shipped table still applies
    finally:
        monkeypatch.delenv("REPORTFLOW_INDICATOR_SYNONYMS")
        get_settings.cache_clear()
        groups.default_synonyms.cache_clear()


def test_a_bad_synonym_line_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("粮食作物 粮食\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:1"):
        Synonyms.read(bad)
