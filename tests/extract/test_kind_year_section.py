"""Kind (actual/target), year and section of a metric, from its wording and the outline around it."""

import pytest

from shared.document import Outline, Section

from .helpers import metrics_of, review_then_plan

# (review text, plan text, [(kind, year), ...] for all metrics in order)
KINDS = [
    pytest.param("完成固定资产投资6.67亿元。", "", [("actual", 2023)], id="review-section-actual-review-year"),
    pytest.param("", "依托42家新型经营主体，建设高标准农田6200亩。", [("target", 2024), ("target", 2024)],
                 id="plan-section-is-target-plan-year"),
    pytest.param("预计全年完成发展党员指导性计划16名。", "", [("actual", 2023)], id="forecast-of-this-year-is-actual"),
    pytest.param("发放各类计划生育奖励382人。", "", [("actual", 2023)], id="planned-birth-is-a-noun"),
    pytest.param("共洽谈12个项目，计划总投资10.51亿元，其中已开工4个。", "",
                 [("actual", 2023), ("target", None), ("actual", 2023)], id="planned-investment-clause-only"),
    pytest.param("规划创建绿美生态乡村4个、绿美生态示范村2个。", "", [("target", None), ("target", None)],
                 id="planning-cue-covers-list"),
    pytest.param("力争完成高标准农田建设6200亩。", "", [("target", None)], id="strive-cue-in-review"),
    pytest.param("下一步，我镇将新建道路5公里。", "", [("target", None)], id="next-step-in-review"),
    pytest.param("我镇将项目建设作为重点，建成道路5公里。", "", [("actual", 2023)], id="jiang-as-ba-is-not-future"),
    pytest.param("2022年森林督查44个违法图斑，违法采伐林木25.7立方米。", "", [("actual", 2022), ("actual", 2022)],
                 id="stated-year-covers-sentence"),
    pytest.param("履行2022年签订的合同，今年以来，共计采购农产品约6万元。", "", [("actual", 2023)],
                 id="current-period-resets-stated-year"),
    pytest.param("比2022年增长5%。", "", [("actual", 2023)], id="comparison-base-is-not-the-year"),
    # wording of government reports outside the dev set (tests/extract/heldout_like)
    pytest.param("主要预期目标：地区生产总值增长6%，一般公共预算收入增长5%。", "", [("target", None), ("target", None)],
                 id="expected-goals-cover-their-list"),
    pytest.param("年度目标任务为新增就业500人，实际新增就业800人。", "", [("target", None), ("actual", 2023)],
                 id="goal-clause-then-result"),
    pytest.param("全县地区生产总值预期增长6%左右。", "", [("target", None)], id="expected-growth"),
    pytest.param("确保粮食播种面积稳定在52万亩以上。", "", [("target", None)], id="ensure-is-a-goal"),
    pytest.param("确保安全，今年累计塌方436处。", "", [("actual", 2023)], id="ensure-covers-its-clause-only"),
    pytest.param("争取全年完成固定资产投资20亿元。", "", [("target", None)], id="strive-for-a-result"),
    pytest.param("争取上级资金3.6亿元。", "", [("actual", 2023)], id="funds-obtained-are-actual"),
    pytest.param("全年完成计划投资的105%。", "", [("actual", 2023)], id="share-of-planned-investment"),
    # kind cues of issue #9 (web set fold A and B wording, full corpus)
    pytest.param("城市化率目标为49.5%，争取50%，目前我区上报城市化率为51%。", "",
                 [("target", None), ("target", None), ("actual", 2023)], id="back-to-results-after-a-goal"),
    pytest.param("预计到2023年年底完成11个项目施工。", "", [("actual", 2023)], id="by-the-end-of-the-reviewed-year"),
    pytest.param("预计到2025年建成11个项目。", "", [("target", 2025)], id="by-a-later-year"),
    pytest.param("农民人均纯收入由2022年的14646元提高到2023年的16403元。", "",
                 [("actual", 2022), ("actual", 2023)], id="from-to-pair-is-no-goal"),
    pytest.param("内设规划建设股、规划管理股、信息中心21个股室。", "", [("actual", 2023)], id="cue-word-inside-list-names"),
    pytest.param("棚户区改造任务为2245户。", "", [("target", None)], id="task-is"),
    pytest.param("引进利捷制药厂，预计投资3亿元。", "", [("target", None)], id="projected-investment-of-a-project"),
    pytest.param("一期计划用地16.5亩。", "", [("target", None)], id="planned-land"),
    pytest.param("并计划于今年年底完成停车场建设，新增车位400余个。", "", [("target", None)], id="planned-for"),
    pytest.param("省下达我县新增就业任务5000人。", "", [("target", None)], id="quota-handed-down"),
    pytest.param("完成市下达任务的105%。", "", [("actual", 2023)], id="result-against-a-quota"),
    pytest.param("比年初下达的指标超收2660万元。", "", [("actual", 2023)], id="excess-over-a-quota"),
    pytest.param("社会保险计划目标为：参保人数达到735万人。城乡居民参保人数达到1920万人。", "",
                 [("target", None), ("target", None)], id="paragraph-led-by-goals"),
]


@pytest.mark.parametrize(("review", "plan", "expected"), KINDS)
def test_kind_and_year(review, plan, expected):
    text, outline = review_then_plan(review, plan)
    assert [(m.kind, m.year) for m in metrics_of(text, outline)] == expected


def test_section_is_the_innermost_heading():
    text, outline = review_then_plan("完成固定资产投资6.67亿元。", "力争新增就业岗位500个。")
    review, plan = metrics_of(text, outline)
    assert (review.section, plan.section) == ("一、2023年工作完成情况", "二、2024年工作计划")


def test_plan_year_follows_the_review_year_when_no_heading_says_it():
    title = "2023年XX镇政府工作报告"
    text = f"{title}\n一、2023年工作回顾\n新建道路5公里。\n二、下一步打算\n新建道路8公里。\n"
    cut = text.index("二、")
    outline = Outline(sections=[
        Section(level=0, title=title, kind="review", start=0, end=len(text)),
        Section(level=1, title="一、2023年工作回顾", kind="review", start=text.index("一、"), end=cut),
        Section(level=1, title="二、下一步打算", kind="plan", start=cut, end=len(text)),
    ])
    assert [(m.kind, m.year) for m in metrics_of(text, outline)] == [("actual", 2023), ("target", 2024)]


def test_without_an_outline_the_title_line_gives_the_year():
    [metric] = metrics_of("XX镇2023年工作总结\n完成固定资产投资6.67亿元。")
    assert (metric.kind, metric.year, metric.section) == ("actual", 2023, None)


def _gov_report(review_heading: str, review: str) -> tuple[str, Outline]:
    title = "XX县2024年政府工作报告"
    plan_heading = "二、今年工作安排"
    text = f"{title}\n{review_heading}\n{review}\n{plan_heading}\n新建道路8公里。\n"
    cut = text.index(plan_heading)
    return text, Outline(sections=[
        Section(level=0, title=title, kind="review", start=0, end=len(text)),
        Section(level=1, title=review_heading, kind="review", start=text.index(review_heading), end=cut),
        Section(level=1, title=plan_heading, kind="plan", start=cut, end=len(text)),
    ])


@pytest.mark.parametrize(("review_heading", "review", "expected"), [
    pytest.param("一、过去一年工作回顾", "新建道路5公里。", [("actual", 2023), ("target", 2024)],
                 id="past-year-review-is-the-year-before-the-title"),
    pytest.param("一、工作回顾", "过去的一年，新建道路5公里。", [("actual", 2023), ("target", 2024)],
                 id="past-year-in-review-text"),
    pytest.param("一、2024年工作回顾", "新建道路5公里。", [("actual", 2024), ("target", 2025)],
                 id="review-heading-year-wins"),
    pytest.param("一、工作回顾", "新建道路5公里。", [("actual", 2024), ("target", 2025)],
                 id="no-cue-title-year-is-reviewed"),
])
def test_year_of_a_government_report_titled_with_one_year(review_heading, review, expected):
    text, outline = _gov_report(review_heading, review)
    assert [(m.kind, m.year) for m in metrics_of(text, outline)] == expected


def _titled(title: str, heading: str, heading_kind: str, body: str) -> tuple[str, Outline]:
    text = f"{title}\n{heading}\n{body}\n"
    return text, Outline(sections=[
        Section(level=0, title=title, kind="plan", start=0, end=len(text)),
        Section(level=1, title=heading, kind=heading_kind, start=text.index(heading), end=len(text)),
    ])


# (title and heading both tagged plan by sectioning, or the heading tagged review)
@pytest.mark.parametrize(("title", "heading", "heading_kind", "kind"), [
    pytest.param("2021年社会保障事业发展计划执行情况的通报", "一、促进就业计划执行情况", "plan", "actual",
                 id="review-of-a-plan-is-no-plan"),
    pytest.param("应急管理局前三季度工作总结及下一步工作计划", "一、重点工作开展情况", "review", "actual",
                 id="review-beside-plan-in-title"),
    pytest.param("XX镇2023年工作计划", "一、产业发展", "plan", "target", id="plan-document"),
])
def test_plan_sections_by_title(title, heading, heading_kind, kind):
    text, outline = _titled(title, heading, heading_kind, "城镇新增就业64.75万人。")
    assert [m.kind for m in metrics_of(text, outline)] == [kind]
