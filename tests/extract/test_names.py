"""Indicator names: how far a name reaches before or after its number."""

import pytest

from .helpers import metrics_of

# (snippet, names of its metrics in order)
NAMES = [
    # name before the number, completion verbs and scope words dropped (dev report wording)
    pytest.param("全年粮食作物播种面积58873亩，", ["粮食作物播种面积"], id="scope-word-dropped"),
    pytest.param("完成固定资产投资6.67亿元，", ["固定资产投资"], id="completion-verb-dropped"),
    pytest.param("规上工业企业总产值达2.8亿元，", ["规上工业企业总产值"], id="link-verb-dropped"),
    pytest.param("累计流转土地13400亩。", ["流转土地"], id="cumulative-dropped"),
    pytest.param("参保率达99.1％。", ["参保率"], id="rate-name"),
    pytest.param("城镇登记失业率控制在3.5%以内。", ["城镇登记失业率"], id="kept-within-dropped"),
    pytest.param("新引进项目不少于20个。", ["新引进项目"], id="lower-bound-dropped"),
    pytest.param("开展党员培训7期，培训党员1820人次；", ["党员培训", "培训党员"], id="content-verb-kept"),
    pytest.param("城乡医保成功参保124050人，", ["参保"], id="adverb-dropped"),
    pytest.param("行政拘留（处罚）67人，", ["行政拘留（处罚）"], id="bracket-inside-name"),
    pytest.param("组织开展“党员读书日”活动53场次，", ["“党员读书日”活动"], id="quotes-kept"),
    # name after the number: verb + number + measure word + noun
    pytest.param("完成10名干部职级普升。", ["干部职级普升"], id="counted-noun-after"),
    pytest.param("招录了3名公务员。", ["招录公务员"], id="verb-and-counted-noun"),
    pytest.param("为部队输送32名大学生兵员，", ["输送大学生兵员"], id="preposition-phrase-skipped"),
    pytest.param("12个试点工作重点项目已全部竣工。", ["试点工作重点项目"], id="noun-then-adverb"),
    pytest.param("全长21000米的镇区污水管网建设。", ["镇区污水管网建设"], id="de-linked-noun"),
    pytest.param("发挥7家就业工厂（帮扶车间）的带动作用。", ["就业工厂（帮扶车间）"], id="verb-led-noun-after-verb"),
    pytest.param("实施发展壮大村集体经济项目1个（水果玉米加工）。", ["发展壮大村集体经济项目"], id="bracket-note-after"),
    pytest.param("投入驻镇帮镇扶村资金70万元建设梯田灌溉。", ["投入驻镇帮镇扶村资金"], id="money-of-noun-before"),
    pytest.param("成功引进投资1.4亿元的幼儿园项目。", ["幼儿园项目"], id="money-de-linked-after"),
    # names shared along a sentence
    pytest.param("全年纳入监测“三类对象”31户71人。", ["纳入监测“三类对象”"] * 2, id="households-people-share"),
    pytest.param("全乡263户887人享受最低生活保障。", ["享受最低生活保障"] * 2, id="pair-takes-name-after"),
    pytest.param("拆除铁棚155宗共65629平方米。", ["拆除铁棚"] * 2, id="count-then-area"),
    pytest.param("批零企业销售额达36.35亿元，同比增长2.4％。", ["批零企业销售额"] * 2, id="rate-names-level"),
    pytest.param("林业总产值XX万元，其中第一产业产值XX万元，第二产业产值XX万元，同比增长7.1%。", ["林业总产值"],
                 id="rate-after-breakdown-names-total"),
    pytest.param("固定资产投资6.67亿元，其中房地产开发投资6.41亿元，同比增长37.26％。",
                 ["固定资产投资", "房地产开发投资", "房地产开发投资"], id="rate-after-single-part"),
    pytest.param("规上工业增加值、固定资产投资分别增长9.7%、15.3%。", ["规上工业增加值", "固定资产投资"],
                 id="respectively-pairs-in-order"),
    pytest.param("住宿和餐饮业、批零业营业额分别为3亿元、5亿元。", ["住宿和餐饮业", "批零业营业额"],
                 id="respectively-with-he-inside-item"),
    pytest.param("整治乱摆卖1825处、乱搭建264处。", ["整治乱摆卖", "乱搭建"], id="list-items-named-each"),
    pytest.param("完成财政收入5亿元，增长1.2亿元。", ["财政收入", "财政收入"], id="level-change-names-level"),
    pytest.param("其中第一种形态312人次，占75.5%。", ["第一种形态", "第一种形态"], id="share-names-part"),
    # wording of reports outside the dev set (tests/extract/heldout_like)
    pytest.param("落实耕地地力保护补贴1.26亿元。", ["耕地地力保护补贴"], id="di-after-noun-is-part-of-name"),
    pytest.param("比重仅为31.2%。", ["比重"], id="only-is-a-link"),
    pytest.param("粮食播种面积132.6万亩，比上年增加1.8万亩。", ["粮食播种面积"] * 2,
                 id="change-over-last-year-names-level"),
    pytest.param("预计全县地区生产总值将达到200亿元。", ["地区生产总值"], id="future-jiang-is-a-link"),
    # the goal of an indicator is named by the indicator, not by the word "目标" (issue #9: never a relation word)
    pytest.param("新增就业800人（预期目标为500人）。", ["新增就业", "新增就业"], id="unbalanced-bracket-dropped"),
    pytest.param("全县森林覆盖率由62.1%提高到63.5%。", ["森林覆盖率"] * 2, id="from-to-levels"),
    # names of the issue #9 shapes (web set fold A, full corpus): the indicator, never the relation word
    pytest.param("工业总产值1.2亿元，同比增长 4.65%。", ["工业总产值"] * 2, id="spaced-rate-names-level"),
    pytest.param("全省城镇新增就业64.75万人，完成全年计划的107.9%。", ["城镇新增就业"] * 2,
                 id="completion-rate-not-named-by-plan"),
    pytest.param("一般公共预算收入完成17.03亿元，完成调整预算的100.1%，同口径增长9.7%。", ["一般公共预算收入"] * 3,
                 id="completion-of-budget-and-like-for-like-growth"),
    pytest.param("农业人口14359人，占总人口的94.27%。", ["农业人口"] * 2, id="share-not-named-by-its-base"),
    pytest.param("工业投资总量45亿元，占固定资产投资比重37.6%。", ["工业投资"] * 2, id="share-of-a-total"),
    pytest.param("地区生产总值完成220.1亿元，居全市第3位，增速3.1%。", ["地区生产总值"] * 2, id="speed-names-level"),
    pytest.param("居民人均可支配收入预计4.6万元，增长10%。", ["居民人均可支配收入"] * 2, id="forecast-word-skipped"),
    pytest.param("高技术制造业年均增长11.7%。", ["高技术制造业"], id="yearly-average-skipped"),
    pytest.param("国内生产总值1987年达到10920亿元。", ["国内生产总值"], id="year-between-name-and-number"),
    pytest.param("粮食产量1957年达到3700亿斤，比1955年增加约34亿斤。", ["粮食产量"] * 2,
                 id="change-over-a-base-year-names-level"),
    pytest.param("人均收入提高到420元。", ["人均收入"], id="level-reached-names-what-changed"),
    pytest.param("新增就业人数高于全省3.3个百分点。", ["新增就业人数"], id="comparison-base-not-a-name"),
    pytest.param("梅雨量达815毫米，为常年3倍。", ["梅雨量"] * 2, id="multiple-named-by-level"),
    pytest.param("实现(xiàn)地区(qū)生产(chǎn)总值39.1亿元。", ["地区生产总值"], id="no-pinyin-in-names"),
    pytest.param("优良天数比例提升至87.2%。", ["优良天数比例"], id="rise-to-is-a-link"),
    pytest.param("国际集装箱班轮航线增至28条。", ["国际集装箱班轮航线"], id="grow-to-is-a-link"),
    pytest.param("工业总产值平均每年递增7.9%。", ["工业总产值"], id="yearly-increase"),
    pytest.param("钢产量一九五七年将等于一九四九年的四点二倍。", ["钢产量"], id="multiple-of-a-base-year"),
    pytest.param("农民纯收入平均每年增长百分之五。", ["农民纯收入"], id="yearly-average-words-skipped"),
    pytest.param("城镇和农村居民人均可支配收入分别增长8.1%和9.2%。", ["城镇居民人均可支配收入", "农村居民人均可支配收入"],
                 id="distributed-head"),
    pytest.param("接待游客156.8万人次，实现旅游收入12.3亿元，分别增长15.2%和18.6%。",
                 ["接待游客", "旅游收入", "接待游客", "旅游收入"], id="respectively-pairs-with-earlier-levels"),
]


@pytest.mark.parametrize(("text", "names"), NAMES)
def test_names(text, names):
    assert [m.name for m in metrics_of(text)] == names


def test_span_and_offsets_point_at_the_mention():
    text = "一、概况\n完成固定资产投资6.67亿元，同比增长34.62％。"
    level, rate = metrics_of(text)
    assert level.text == "完成固定资产投资6.67亿元"
    assert text[level.start:level.end] == level.text
    assert text[rate.start:rate.end] == "同比增长34.62％"
