"""find_outline on the shapes of real web scrapes and full-length reports: the report's title, headings that
run into their body, numbered lines that are not headings, and plan/review kinds.

Each case is written the way such pages and reports are laid out (short lines, padded bodies), grouped by where
the shape was seen: the web set's fold A (rules written from it), the full corpus, the web set's fold B (held
out, the case confirms a rule written from the conventions), and report wording that must stay as it is.
"""

from __future__ import annotations

import pytest

from services.parse.sectioning import find_outline

BODY = (
    "全镇上下围绕年初确定的目标任务，强化责任，狠抓落实，全年完成固定资产投资6.12亿元，同比增长2.7%，"
    "财政收入达7352万元，同比增长48.5%，各项工作取得新进展。"
)
FILLER = "全镇上下履职担当,攻坚克难,巩固脱贫攻坚成果与乡村振兴稳步推进。" * 30


def sections(*lines: str) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in find_outline("\n".join(lines) + "\n").sections]


def kinds(*lines: str) -> dict[str, str]:
    return {s.title: s.kind for s in find_outline("\n".join(lines) + "\n").sections}


# ---------------------------------------------------------------- the report's own title (level 0)
TITLE_CASES = [
    # web set, fold A
    pytest.param(
        ["2022年珠海市斗门区政府工作报告—全文", "政府工作报告", "-2022年2月23日在珠海市斗门区第五届人民代表大会第二次会议上",
         "珠海市斗门区区长韩云", "各位代表:", BODY, "一、2021年工作回顾", BODY],
        [(0, "政府工作报告"), (1, "一、2021年工作回顾")], id="fold-A-page-title-above-the-report-title",
    ),
    pytest.param(
        ["网站支持IPv6无锡市滨湖区人民政府欢迎您!", "蠡园开发区(蠡园街道)2022年上半年工作总结", "发布时间:2022-08-18 15:34",
         BODY, "(一)经济运行态势良好", BODY],
        [(0, "蠡园开发区(蠡园街道)2022年上半年工作总结"), (2, "(一)经济运行态势良好")], id="fold-A-banner-above-the-title",
    ),
    pytest.param(
        ["2017年1月10日在延长县第十八届人民代表大会第一次会议上", "延长县人民政府县长曹林虎", "各位代表:", BODY,
         "一、2016年和过去五年工作回顾", BODY],
        [(1, "一、2016年和过去五年工作回顾")], id="fold-A-dated-subtitle-is-not-a-title",
    ),
    pytest.param(
        ["统计", "〔机构队伍〕" + BODY, "一、各项调查任务顺利完成。" + BODY],
        [(1, "一、各项调查任务顺利完成")], id="fold-A-yearbook-entry-name-is-not-a-report-title",
    ),
    pytest.param(
        ["| 发文字号: | 发文时间:2020-12-31 |", "| 标题:长治市上党区统计局2020年工作总结暨2021年工作计划 | |",
         "| 主题分类:其它 | 发布日期:2020-12-31 |", BODY, "一、主要指标完成情况", BODY],
        [(0, "长治市上党区统计局2020年工作总结暨2021年工作计划"), (1, "一、主要指标完成情况")],
        id="fold-A-gov-metadata-title-row-when-the-body-has-none",
    ),
    pytest.param(
        ["1、2022政府工作报告_市政府工作报告政府工作报告由我整理,希望给你工作带来便利。 政府工作报告 2022年12月28日"
         "在新民市第四届人民代表大会第五次会议上 市长 刘澜波 各位代表: 现在,我代表市政府向大会报告工作。" + FILLER],
        [(0, "政府工作报告")], id="fold-A-speech-title-inside-a-flattened-first-line",
    ),
    # full corpus
    pytest.param(
        ["政府工作报", "告", "——2021年3月5日在第十三届全国人民代表大会第四次会议上", "国务院总理", "李克强", "各位代表：", BODY],
        [(0, "政府工作报告")], id="full-title-broken-over-two-lines",
    ),
    pytest.param(
        ["新华社北京3月16日电", "政府工作报告——2017年3月5日在第十二届全国人民代表大会第五次会议上国务院总理李克强", BODY],
        [(0, "政府工作报告")], id="full-dateline-line-and-glued-subtitle",
    ),
    pytest.param(
        ["关于第一个五年计划的报告", "国务院副总理兼国家计划委员会主任李富春", "各位代表：", BODY],
        [(0, "关于第一个五年计划的报告")], id="full-speaker-line-is-not-the-title",
    ),
    pytest.param(
        ["标题：2022年河北省政府工作报告", "发文单位：河北省人民政府", "正文：",
         "人民代表大会制度是坚持党的领导、人民当家作主、依法治国有机统一的根本政治制度安排。", "——习近平", BODY],
        [(0, "2022年河北省政府工作报告")], id="full-epigraph-sentence-is-not-a-title",
    ),
    pytest.param(
        ["全屏", "【字号：", "加大", "还原", "】", "2026年天津市政府工作报告", "——2026年1月26日在天津市第十八届人民代表大会第四次会议上",
         "天津市市长张工", "各位代表：", BODY],
        [(0, "2026年天津市政府工作报告")], id="full-page-controls-above-the-title",
    ),
    # web set, fold B (held out): rules from the conventions, confirmed here
    pytest.param(
        ["- 19.09 KB", "- 2021-04-14 发布", "乡镇 2020 年工作总结和 2021 年工作计划", BODY, "一、经济建设成效显著", BODY],
        [(0, "乡镇 2020 年工作总结和 2021 年工作计划"), (1, "一、经济建设成效显著")], id="fold-B-file-box-above-the-title",
    ),
    pytest.param(
        ["南县住房和城乡建设局2018年度整体支出", "绩效评价报告", BODY, "一、部门概况", BODY],
        [(0, "南县住房和城乡建设局2018年度整体支出绩效评价报告"), (1, "一、部门概况")], id="fold-B-title-split-over-two-lines",
    ),
    pytest.param(
        ["苏州市吴中区政务服务中心", "2022年政府工作总结", BODY],
        [(0, "2022年政府工作总结")], id="fold-B-organisation-banner-is-not-joined-to-a-dated-title",
    ),
    pytest.param(
        ["乡镇政府工作总结|乡镇人民政府五年工作总结", BODY, "一、以经济建设为中心,综合实力跃上新台阶", BODY],
        [(0, "乡镇人民政府五年工作总结"), (1, "一、以经济建设为中心,综合实力跃上新台阶")], id="fold-B-category-in-front-of-the-page-title",
    ),
    pytest.param(
        ["职场文秘网", "**区棚改工作情况", "2021-01-02 10:54:44",
         "20xx年1-10月**区棚改工作情况总结为全面完成20xx年城市棚户区改造工作目标任务,我局严格按照总体要求,进一步强化责任,"
         "落实措施,现将工作进展情况总结如下:", "三、下一步的工作计划", BODY],
        [(0, "20xx年1-10月**区棚改工作情况总结"), (1, "三、下一步的工作计划")], id="fold-B-title-running-into-the-first-sentence",
    ),
    # report wording that must stay
    pytest.param(["附件1", "XX镇2023年工作总结和2024年工作计划", BODY], [(0, "XX镇2023年工作总结和2024年工作计划")],
                 id="stay-attachment-label-above-the-title"),
    pytest.param(["2023年XX镇政府工作报告各位代表：现在，我代表镇人民政府作报告。"], [(0, "2023年XX镇政府工作报告")],
                 id="stay-title-running-into-the-salutation"),
]


@pytest.mark.parametrize(("lines", "expected"), TITLE_CASES)
def test_titles(lines, expected):
    assert sections(*lines) == expected


# ---------------------------------------------------------------- headings
HEADING_CASES = [
    # web set, fold A
    pytest.param(
        ["乡镇2014年工作总结及2015年工作计划",
         "一、2014年工作总结  2014年,是实施十二五规划的重要一年。" + BODY + "  1 经济发展平稳。" + BODY
         + "  2 超额完成招商引资任务。" + BODY],
        [(0, "乡镇2014年工作总结及2015年工作计划"), (1, "一、2014年工作总结"), (3, "1 经济发展平稳"), (3, "2 超额完成招商引资任务")],
        id="fold-A-level3-series-that-lost-its-dunhao",
    ),
    pytest.param(
        ["乡镇年度农村工作总结" + FILLER + "一、以“二十字”方针为总纲,因地制宜,全面推进社会主义新农村建设“生产发展、生活宽裕、"
         "乡风文明”这既是中央对新农村建设的要求,也是其总体目标。" + FILLER],
        [(0, "乡镇年度农村工作总结"), (1, "一、以“二十字”方针为总纲,因地制宜,全面推进社会主义新农村建设")],
        id="fold-A-run-together-heading-ends-where-its-parallel-clauses-stop",
    ),
    # full corpus
    pytest.param(
        ["XX区2021年政府工作报告", "报告分为四个部分：一、“十三五”发展成就和2020年工作回顾；二、“十四五”时期经济社会发展总体要求；"
         "三、2021年的工作安排；四、全面加强政府自身建设。", BODY],
        [(0, "XX区2021年政府工作报告")], id="full-parts-listed-in-a-sentence-are-not-headings",
    ),
    pytest.param(
        ["2019年上海市政府工作报告", "各位代表：", BODY + "\u3000\u3000（九）努力建设生态文明的美好家园\u3000\u3000" + BODY],
        [(0, "2019年上海市政府工作报告"), (2, "（九）努力建设生态文明的美好家园")], id="full-flattened-paragraph-break",
    ),
    pytest.param(
        ["XX县2025年政府工作报告", "一、2024年工作回顾", BODY, "名词解释", "1.“两重”：是指国家重大战略实施和重点领域安全能力建设。",
         "2.“两新”：是指大规模设备更新和消费品以旧换新。"],
        [(0, "XX县2025年政府工作报告"), (1, "一、2024年工作回顾")], id="full-glossary-entries-are-not-headings",
    ),
    pytest.param(
        ["关于发展国民经济的第一个五年计划的报告", BODY,
         "四、在私营工厂做工的工人，现在虽然仍旧要拿出一部分劳动成果作为资本家的利润，但是现在资本家只能得到法令所规定的"
         "适当的一部分利润。资本主义企业利润中相当大的一部分缴纳所得税，投入国家的建设。"],
        [(0, "关于发展国民经济的第一个五年计划的报告")], id="full-numbered-paragraph-is-not-a-heading",
    ),
    pytest.param(
        ["关于第七个五年计划的报告", BODY, "（三）", "在发展生产和提高经济效益的基础上，继续改善城乡人民生活。", BODY],
        [(0, "关于第七个五年计划的报告"), (2, "（三）在发展生产和提高经济效益的基础上，继续改善城乡人民生活")],
        id="full-marker-alone-on-its-line",
    ),
    pytest.param(
        ["XX县2023年工作总结", BODY, "3 天内完成全部排查任务。", BODY],
        [(0, "XX县2023年工作总结")], id="full-number-and-unit-is-not-a-marker",
    ),
    # web set, fold B (held out)
    pytest.param(
        ["贵州省人力资源和社会保障厅关于2021年人力资源和社会保障事业发展计划执行情况的通报", BODY, "一、促进就业计划执行情况", BODY,
         "(一)全省城镇新增就业64.75万人,完成全年计划的107.9%。", "(五)全省城镇登记失业率4.45%,低于5%的控制目标。"],
        [(0, "贵州省人力资源和社会保障厅关于2021年人力资源和社会保障事业发展计划执行情况的通报"), (1, "一、促进就业计划执行情况")],
        id="fold-B-numbered-data-lines-are-not-headings",
    ),
    pytest.param(
        ["出口、进口均在全省名列第二位。" + FILLER + "五、存在的主要问题: 一是内部运行机制还存在很多不适应的方面。" + FILLER],
        [(1, "五、存在的主要问题")], id="fold-B-excerpt-opens-on-a-later-part-heading",
    ),
    pytest.param(
        ["XX区棚改工作总结", BODY, "一、工作进展情况城市棚户区改造为省重点民生实事项目之一,截至当前已开工建设2079户。", BODY],
        [(0, "XX区棚改工作总结"), (1, "一、工作进展情况")], id="fold-B-division-name-then-body-without-punctuation",
    ),
    # report wording that must stay
    pytest.param(["XX乡2023年工作回顾及2024年工作安排", BODY, "2024年工作安排", BODY],
                 [(0, "XX乡2023年工作回顾及2024年工作安排"), (1, "2024年工作安排")], id="stay-unnumbered-plan-division"),
    pytest.param(["XX镇2023年工作总结", BODY, "2023年工作回顾", BODY], [(0, "XX镇2023年工作总结")],
                 id="stay-unnumbered-review-headline-has-no-level"),
    pytest.param(["XX镇2023年工作总结", BODY, "2023年，我镇完成投资1.2亿元。", BODY], [(0, "XX镇2023年工作总结")],
                 id="stay-year-opening-is-not-a-marker"),
]


@pytest.mark.parametrize(("lines", "expected"), HEADING_CASES)
def test_headings(lines, expected):
    assert sections(*lines) == expected


# ---------------------------------------------------------------- plan / review
KIND_CASES = [
    # full corpus: a 政府工作报告's divisions after its review
    pytest.param(
        ["2018年政府工作报告", "一、过去五年工作回顾", BODY, "二、2018年经济社会发展总体要求和政策取向", BODY,
         "三、对2018年政府工作的建议", BODY],
        {"一、过去五年工作回顾": "review", "二、2018年经济社会发展总体要求和政策取向": "plan", "三、对2018年政府工作的建议": "plan"},
        id="full-requirements-and-proposals-are-plan",
    ),
    pytest.param(
        ["2026年XX省政府工作报告", "一、2025年和“十四五”工作回顾", BODY, "二、“十五五”时期主要目标任务", BODY, "三、2026年重点工作", BODY],
        {"二、“十五五”时期主要目标任务": "plan", "三、2026年重点工作": "plan"}, id="full-five-year-targets-and-key-work-are-plan",
    ),
    pytest.param(
        ["2000年政府工作报告", "一、1999年国内工作回顾", BODY, "二、坚持实行扩大内需的方针", BODY, "三、大力推进经济结构的战略性调整", BODY],
        {"一、1999年国内工作回顾": "review", "二、坚持实行扩大内需的方针": "plan", "三、大力推进经济结构的战略性调整": "plan"},
        id="full-divisions-after-the-review-division",
    ),
    pytest.param(
        ["XX县2023年政府工作报告", "（一）经济实力显著增强", BODY, "今年政府工作的总体要求是：坚持稳中求进工作总基调。", BODY,
         "（一）加力推进产业发展", BODY],
        {"（一）经济实力显著增强": "review", "（一）加力推进产业发展": "plan"}, id="full-plan-part-without-a-heading-of-its-own",
    ),
    pytest.param(
        ["2022年XX县政府工作报告", BODY, "今年政府工作重点", "2022年是新一届县政府的开局之年。" + BODY,
         "一、聚焦产业兴县，坚定不移培育壮大优强企业", BODY],
        {"一、聚焦产业兴县，坚定不移培育壮大优强企业": "plan"}, id="full-unnumbered-headline-turns-to-the-plan",
    ),
    # web set, fold B: restarted series under a review division stays the review
    pytest.param(
        ["镇2010年工作总结及2011年工作目标思路规划", "一、 “十一五”回顾", BODY, "一、农业产业结构不断优化", BODY,
         "二、农村基础设施建设不断加强", BODY],
        {"一、农业产业结构不断优化": "review", "二、农村基础设施建设不断加强": "review"}, id="fold-B-restarted-series-is-the-review",
    ),
    pytest.param(
        ["市应急管理局2020上半年工作总结下半年工作思路", BODY, "一、上半年重点工作情况", BODY, "二、下半年工作思路", BODY],
        {"一、上半年重点工作情况": "review", "二、下半年工作思路": "plan"}, id="fold-B-how-the-work-went-is-review",
    ),
    # report wording that must stay
    pytest.param(
        ["XX镇2023年工作总结", "一、圆满完成全年目标任务", BODY, "二、存在的问题", BODY, "三、2024年工作计划", BODY],
        {"一、圆满完成全年目标任务": "review", "二、存在的问题": "review", "三、2024年工作计划": "plan"},
        id="stay-completed-targets-are-review",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), KIND_CASES)
def test_kinds(lines, expected):
    found = kinds(*lines)
    assert {title: found.get(title) for title in expected} == expected
