"""find_outline: heading levels and titles, non-headings, kinds, parts and nested spans.

Inputs are lines of the dev reports (tests/data/reports) as the cleaner leaves them, plus lines written the way
other work reports are written. Body paragraphs are padded to a realistic length so line-level rules see what
they see in real documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.parse.sectioning import find_outline

TITLE = "XX镇2023年工作总结和2024年工作计划"
BODY = (
    "全力抓好粮食生产。全年粮食作物播种面积58873亩，经济作物播种面积22865亩，园林水果播种面积38721亩。"
    "实施土地整治，对辖区内7个村委会260亩撂荒耕地进行了机械复耕。"
)


def outline_of(*lines: str):
    return find_outline("\n".join(lines) + "\n")


def headings(*lines: str) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in outline_of(*lines).sections]


def report(title: str, heading: str) -> list[str]:
    """One report of a compilation: its title, a body paragraph, one heading and its body."""
    return [title, BODY, heading, BODY]


def body_headings(line: str) -> list[tuple[int, str]]:
    """The headings found in one line placed between a title and a body paragraph (title left out)."""
    return [h for h in headings(TITLE, BODY, line, BODY) if h[0] > 0]


# ---------------------------------------------------------------- heading patterns, one line each
HEADING_CASES = [
    # seed000 / seed001 / seed002 / seed004: the usual markers at a line start
    pytest.param("一、2023年工作完成情况", (1, "一、2023年工作完成情况"), id="seed000-level1"),
    pytest.param(
        "（一）夯实政治建设，党的建设全面过硬",
        (2, "（一）夯实政治建设，党的建设全面过硬"),
        id="seed000-level2",
    ),
    pytest.param(
        "（一）谋发展，强产业，稳步推进乡村振兴。",
        (2, "（一）谋发展，强产业，稳步推进乡村振兴"),
        id="seed000-level2-trailing-stop",
    ),
    pytest.param(
        "（一）聚焦全面从严治党，党的建设持续增强。充分发挥党委总揽全局、协调各方的作用，不断提高政治判断力。",
        (2, "（一）聚焦全面从严治党，党的建设持续增强"),
        id="seed001-run-in-body-after-stop",
    ),
    pytest.param(
        "1.坚持理论武装头脑，筑牢忠诚担当的思想根基。局党组始终坚持把深入学习贯彻习近平新时代中国特色社会主义思想。",
        (3, "1.坚持理论武装头脑，筑牢忠诚担当的思想根基"),
        id="seed002-level3-dot",
    ),
    pytest.param(
        "（三）立足实际，维护社会稳定一是筑牢安全底线",
        (2, "（三）立足实际，维护社会稳定"),
        id="seed002-heading-then-yishi",
    ),
    pytest.param("2024年工作安排", (1, "2024年工作安排"), id="seed004-unnumbered-plan-heading"),
    pytest.param(
        "二、统筹深化“百县千镇万村高质量发展工程”，助力城乡区域协调发展",
        (1, "二、统筹深化“百县千镇万村高质量发展工程”，助力城乡区域协调发展"),
        id="seed004-level1-quoted",
    ),
    # other reports: half-width brackets, Word numbering glyphs, chapters, indentation
    pytest.param("(二)城镇面貌焕然一新", (2, "(二)城镇面貌焕然一新"), id="half-width-brackets"),
    pytest.param("（二)城镇面貌焕然一新", (2, "（二)城镇面貌焕然一新"), id="mixed-brackets"),
    pytest.param("㈡城镇面貌焕然一新", (2, "㈡城镇面貌焕然一新"), id="parenthesized-ideograph-glyph"),
    pytest.param("第一部分 2023年工作回顾", (1, "第一部分 2023年工作回顾"), id="chapter-part"),
    pytest.param("第二章　发展目标", (1, "第二章　发展目标"), id="chapter-zhang"),
    pytest.param("十一、加强政府自身建设", (1, "十一、加强政府自身建设"), id="level1-eleven"),
    pytest.param("一.2023年工作回顾", (1, "一.2023年工作回顾"), id="level1-dot-then-year"),
    pytest.param("一．坚持稳中求进", (1, "一．坚持稳中求进"), id="level1-fullwidth-dot"),
    pytest.param("　　三、存在的问题", (1, "三、存在的问题"), id="indented-with-ideographic-spaces"),
    pytest.param("2、着力解决弱势群众生活问题", (3, "2、着力解决弱势群众生活问题"), id="level3-dunhao"),
    pytest.param(
        "1.实施“5+N”工程，推动产业转型升级。全年新引进项目12个。",
        (3, "1.实施“5+N”工程，推动产业转型升级"), id="level3-programme-name-with-digits",
    ),
    pytest.param("3．强化安全生产监管", (3, "3．强化安全生产监管"), id="level3-fullwidth-dot"),
    pytest.param("⒉强化安全生产监管", (3, "⒉强化安全生产监管"), id="level3-digit-full-stop-glyph"),
    pytest.param("（1）加强耕地保护", (4, "（1）加强耕地保护"), id="level4-fullwidth"),
    pytest.param("(2)加强耕地保护。全面落实田长制。", (4, "(2)加强耕地保护"), id="level4-halfwidth-run-in"),
    pytest.param("①加强耕地保护", (4, "①加强耕地保护"), id="level4-circled"),
    pytest.param("⑵加强耕地保护", (4, "⑵加强耕地保护"), id="level4-parenthesized-glyph"),
    pytest.param("存在的问题和不足", (1, "存在的问题和不足"), id="unnumbered-problems-heading"),
    pytest.param("下一步工作打算：", (1, "下一步工作打算"), id="unnumbered-next-step-heading"),
]


@pytest.mark.parametrize(("line", "expected"), HEADING_CASES)
def test_heading_patterns(line, expected):
    assert body_headings(line) == [expected]


# ---------------------------------------------------------------- lines that are not headings
NOT_HEADING_CASES = [
    # seed002 / seed004: run-in enumerations
    pytest.param(
        "一是健全分层分类社会救助体系。精准落实兜底保障，指导街镇建立分散供养特困人员探访巡视制度。",
        id="seed002-yishi",
    ),
    pytest.param(
        "二是完善养老服务体系。开展养老机构国有企业试点运营、民营机构市场化服务。", id="seed002-ershi"
    ),
    # numbers that open a line without being markers
    pytest.param("1.5万亩高标准农田已全部完成建设，亩均增产粮食50公斤。", id="decimal-1.5wan"),
    pytest.param("2023.10月起全面推行河长制巡查，全年巡河1200余次。", id="date-2023.10"),
    pytest.param("1．5万名群众参加了义诊活动，发放宣传资料3000余份。", id="fullwidth-decimal"),
    pytest.param(
        "2023年，我局全面贯彻落实习近平生态文明思想，积极践行“绿水青山就是金山银山”理念。", id="year-opening"
    ),
    # numbered sentences of a list, not heading phrases
    pytest.param("1、全年完成固定资产投资6.67亿元，同比增长34.62％。", id="numbered-statement-with-quantity"),
    pytest.param(
        "2.认真做好建设项目征占用林地申报材料的初审工作，主动衔接，提前介入，积极申报，为项目建设使用林地手续办理提供保姆式服务。",
        id="numbered-long-sentence",
    ),
    pytest.param("3、严格执行采伐管理各项规定；落实好各项监管措施。", id="numbered-clauses-with-semicolon"),
    pytest.param("（1）全年完成造林面积1200亩，森林覆盖率达到68％。", id="level4-statement-with-quantity"),
    pytest.param("（3篇）", id="seed002-count-of-reports"),
    pytest.param("第一，坚持党的全面领导。", id="diyi-run-in"),
]


@pytest.mark.parametrize("line", NOT_HEADING_CASES)
def test_not_headings(line):
    assert body_headings(line) == []


def test_page_number_fragment_at_a_line_start_is_not_a_heading():
    # seed003 as scraped: a page break cuts a sentence and the next page starts with its number "4、"
    lines = [
        TITLE,
        "一、2023年工作回顾",
        "二是基础设施日趋完善。新修水渠1.35公里、4.2公里的青年路及6公里的农村补短板道路已全面开工建设；"
        "实施绿化亮化建设项目2个、太阳能路灯安装，下水道工程1个；截至目前，六里、姚岗、卜林村水泥路工程已完工，"
        "潘庄村下水道、太阳能路灯工程已完工，姚岗太阳",
        "4、能路灯正在安装。全长21000米的镇区污水管网建设目前基本完工，将有效改善群众生产生活。",
    ]
    assert headings(*lines) == [(0, TITLE), (1, "一、2023年工作回顾")]


def test_table_of_contents_lines_are_not_headings():
    lines = [
        TITLE,
        "目  录",
        "一、2023年工作完成情况……………………1",
        "二、2024年工作计划……………………5",
        "",
        "一、2023年工作完成情况",
        BODY,
        "二、2024年工作计划",
        BODY,
    ]
    assert headings(*lines) == [(0, TITLE), (1, "一、2023年工作完成情况"), (1, "二、2024年工作计划")]
    assert outline_of(*lines).parts == []


def test_dot_leader_lines_without_a_toc_heading_are_not_headings():
    lines = [TITLE, "一、2023年工作完成情况………………1", "二、2024年工作计划………………5", BODY,
             "一、2023年工作完成情况", BODY]
    assert headings(*lines) == [(0, TITLE), (1, "一、2023年工作完成情况")]


def test_compilation_whose_contents_list_has_no_toc_heading():
    # seed002 with its 目 录 line missing: the numbered list repeats the reports' titles
    lines = [
        "2023年工作总结及2024年工作打算汇编", "（2篇）",
        "1.区民政局2023年工作总结和2024年工作打算", "2.县林业局2023年工作总结及2024年工作打算", "",
        *report("区民政局2023年工作总结和2024年工作打算", "一、2023年工作总结"),
        *report("县林业局2023年工作总结及2024年工作打算", "一、主要工作情况"),
    ]
    outline = outline_of(*lines)
    assert [(s.level, s.part) for s in outline.sections] == [(0, None), (0, 1), (1, 1), (0, 2), (1, 2)]
    assert len(outline.parts) == 2


# ---------------------------------------------------------------- run-together scrapes (seed003)
RUN_TOGETHER = (
    "2023年XX镇政府工作报告各位代表:现在,我代表XX镇人民政府,向大会作工作报告,请各位代表予以审议。"
    "一、2023年工作回顾2023年是全面贯彻党的二十大精神的开局之年,是三年新冠疫情防控转段后经济恢复发展的一年。"
    + "全镇上下履职担当,攻坚克难,巩固脱贫攻坚成果与乡村振兴稳步推进。" * 40
    + "(一)社会发展稳健有力一是经济发展稳中向好。我镇2023年度完成财政收入XX万元。"
    + "二是项目建设持续推进。积极做好港口建设的服务。" * 20
    + "(二)民生保障坚实有力一是稳步提升社会保障。1、农保和医保工作。2023年农保完成任务数19141人。"
    "2、着力解决弱势群众生活问题。全镇现有农村低保478户856人。3、享受高龄补贴1303人。"
    + "对此,我们将全面认真辩证地对待,采取有力措施加以解决!"
    * 20
    + "二、2024年工作计划2024年是实施全面振兴乘势而上的关键之年。"
    "一、聚焦发展质效,经济提升大干快上一是促进农业提质增效。坚持改革创新。"
    + "力争完成6200亩高标准农田建设。" * 20
    + "二、聚焦美丽蝶变,乡村建设提档升级一是完善镇村建管。"
    + "进一步完善村组道路。" * 20
)


def test_run_together_scrape_headings_inside_the_line():
    assert headings(RUN_TOGETHER) == [
        (0, "2023年XX镇政府工作报告"),
        (1, "一、2023年工作回顾"),
        (2, "(一)社会发展稳健有力"),
        (2, "(二)民生保障坚实有力"),
        (3, "1、农保和医保工作"),
        (3, "2、着力解决弱势群众生活问题"),
        (1, "二、2024年工作计划"),
        (1, "一、聚焦发展质效,经济提升大干快上"),
        (1, "二、聚焦美丽蝶变,乡村建设提档升级"),
    ]


FILLER = "全镇上下履职担当,攻坚克难,巩固脱贫攻坚成果与乡村振兴稳步推进。" * 30


def run_in(fragment: str) -> list[tuple[int, str]]:
    """Headings found in a fragment standing inside a one-line scrape (title and filler around it)."""
    text = "2023年XX镇政府工作报告各位代表:现在,我代表镇人民政府作报告。" + FILLER + fragment + FILLER
    return [(s.level, s.title) for s in find_outline(text).sections if s.level > 0]


RUN_IN_CASES = [
    # seed003: what a document-sharing site's text looks like
    pytest.param("一、2023年工作回顾2023年是全面贯彻党的二十大精神的开局之年。", [(1, "一、2023年工作回顾")], id="seed003-year-opens-body"),
    pytest.param(
        "一、工作回顾(一)社会发展稳健有力一是经济发展稳中向好。",
        [(1, "一、工作回顾"), (2, "(一)社会发展稳健有力")], id="seed003-heading-then-subheading-then-yishi",
    ),
    pytest.param(
        "一、工作回顾(一)民生保障坚实有力一是稳步提升社会保障。1、农保和医保工作。2023年农保完成任务数19141人。",
        [(1, "一、工作回顾"), (2, "(一)民生保障坚实有力"), (3, "1、农保和医保工作")], id="seed003-level3-after-stop",
    ),
    # other scrapes
    pytest.param("一、2024年工作计划力争完成高标准农田建设6200亩。", [(1, "一、2024年工作计划")], id="division-name-then-body"),
    pytest.param("一、存在的困难及问题经济下行压力持续加大。", [(1, "一、存在的困难及问题")], id="problems-division-then-body"),
    pytest.param("重点抓好以下工作：一、保持招商引资良好态势。", [(1, "一、保持招商引资良好态势")], id="after-colon"),
    pytest.param("2024年工作安排2024年，是关键之年。", [(1, "2024年工作安排")], id="unnumbered-division"),
    pytest.param("主要措施：（1）加强领导；（2）落实责任；（3）强化考核。", [], id="not-list-after-colon"),
    pytest.param("3、享受高龄补贴1303人。", [], id="not-numbered-statement"),
    pytest.param("二、加强组织领导。", [], id="not-out-of-sequence"),
    pytest.param(
        "一、总结过去一年的工作政府部门需要认真总结过去一年的工作,以了解当前工作的质量和进展。",
        [(1, "一、总结过去一年的工作")], id="heading-running-into-body-without-cue",
        marks=pytest.mark.xfail(strict=True, reason="no cue where the heading phrase ends and the body begins"),
    ),
]


@pytest.mark.parametrize(("fragment", "expected"), RUN_IN_CASES)
def test_run_in_headings(fragment, expected):
    assert run_in(fragment) == expected


def test_run_together_restarted_series_nests_under_the_plan_heading():
    outline = find_outline(RUN_TOGETHER)
    plan, first, second = outline.sections[-3:]
    assert [s.kind for s in outline.sections[-3:]] == ["plan", "plan", "plan"]
    assert plan.start < first.start < first.end <= second.start < second.end == plan.end == len(RUN_TOGETHER)
    assert outline.section_at(first.start + 20) is first


def test_mid_sentence_numbers_are_not_headings_in_a_normal_document():
    lines = [TITLE, "一、2023年工作回顾", BODY + "主要有以下几点。一、加强领导。二、落实责任。" + BODY]
    assert headings(*lines) == [(0, TITLE), (1, "一、2023年工作回顾")]


# ---------------------------------------------------------------- document titles
TITLE_CASES = [
    pytest.param(
        ["XX乡2023年工作回顾及2024年工作安排", BODY],
        (0, "XX乡2023年工作回顾及2024年工作安排"),
        id="seed004-title",
    ),
    pytest.param(
        ["2023年XX镇政府工作报告各位代表：现在，我代表镇人民政府作报告。"],
        (0, "2023年XX镇政府工作报告"),
        id="title-runs-into-salutation",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), TITLE_CASES)
def test_document_title(lines, expected):
    assert headings(*lines)[0] == expected


def test_an_attachment_label_above_the_title_is_skipped():
    assert headings("附件1", TITLE, BODY)[0] == (0, TITLE)


def test_a_salutation_is_not_a_title():
    assert headings("尊敬的各位领导、各位代表:", BODY, "一、2023年工作回顾", BODY) == [(1, "一、2023年工作回顾")]


def test_a_document_starting_with_its_body_has_no_title():
    assert headings(BODY, "一、2023年工作回顾", BODY) == [(1, "一、2023年工作回顾")]


# ---------------------------------------------------------------- kinds
KIND_CASES = [
    pytest.param(
        [
            TITLE,
            "一、2023年工作完成情况",
            "（一）夯实政治建设",
            BODY,
            "三、2024年工作计划",
            "（一）谋发展，强产业",
            BODY,
        ],
        ["review", "review", "review", "plan", "plan"],
        id="seed000-plan-part-and-its-children",
    ),
    pytest.param(
        [
            "XX镇2023年度工作总结",
            "一、工作成效及主要做法",
            BODY,
            "二、存在的问题及不足",
            BODY,
            "三、下一步的工作打算",
            "（一）着力用好帮扶“监测网”",
            BODY,
        ],
        ["review", "review", "review", "plan", "plan"],
        id="seed001-next-step",
    ),
    pytest.param(
        [
            TITLE,
            "一、聚力乡村振兴",
            BODY,
            "2024年工作安排",
            BODY,
            "一、保持招商引资良好态势",
            "（一）瞄准目标",
            BODY,
        ],
        ["review", "review", "plan", "plan", "plan"],
        id="seed004-restart-under-unnumbered-plan-heading",
    ),
    pytest.param(
        ["XX局2024年工作要点", "一、强化党建引领", BODY, "二、推动产业发展", BODY],
        ["plan", "plan", "plan"],
        id="plan-document",
    ),
    pytest.param(
        [TITLE, "一、2023年工作回顾", BODY, "二、2024年主要目标任务", BODY],
        ["review", "review", "plan"],
        id="coming-year-from-title",
    ),
    pytest.param(
        [
            "XX县2023年工作报告",
            "一、过去一年工作回顾",
            BODY,
            "二、今后五年目标任务",
            BODY,
            "三、明年重点工作",
            BODY,
        ],
        ["review", "review", "plan", "plan"],
        id="government-report-jinhou-mingnian",
    ),
    pytest.param(
        [TITLE, "一、2023年工作完成情况", "（一）理清发展思路，科学安排产业布局", BODY, "（二）下一步打算", BODY],
        ["review", "review", "review", "plan"], id="department-report-next-step-inside-review",
    ),
    pytest.param(
        [TITLE, "二、2024年工作计划", "（一）总结推广典型经验", BODY, "（二）存在的问题", BODY],
        ["review", "plan", "plan", "review"], id="plan-task-naming-zongjie",
    ),
    pytest.param(
        ["2023年XX镇政府工作报告", "一、2023年工作回顾", BODY, "二、2024年工作安排", BODY, "三、加强政府自身建设", BODY],
        ["review", "review", "plan", "plan"], id="siblings-after-the-plan-stay-plan",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), KIND_CASES)
def test_kinds(lines, expected):
    assert [s.kind for s in outline_of(*lines).sections] == expected


# ---------------------------------------------------------------- spans
def test_spans_nest_and_section_at_finds_the_innermost():
    text = (
        "\n".join(
            [
                TITLE,
                "一、2023年工作完成情况",
                "（一）夯实政治建设",
                BODY,
                "（二）聚焦高质量发展",
                BODY,
                "二、存在的困难及问题",
                BODY,
            ]
        )
        + "\n"
    )
    outline = find_outline(text)
    title, one, sub1, sub2, two = outline.sections
    assert (title.start, title.end) == (0, len(text))
    assert one.end == sub2.end == two.start and sub1.end == sub2.start
    assert outline.section_at(text.index("全力抓好")) is sub1
    assert outline.section_at(text.rindex("全力抓好")) is two
    assert text[sub1.start :].startswith("（一）")


# ---------------------------------------------------------------- compilations
def test_compilation_with_table_of_contents_splits_into_parts():
    lines = [
        "2023年工作总结及2024年工作打算汇编",
        "（2篇）",
        "目 录",
        "1.区民政局2023年工作总结和2024年工作打算",
        "2.县林业局2023年工作总结及2024年工作打算",
        "",
        *report("区民政局2023年工作总结和2024年工作打算", "一、2023年工作总结"),
        *report("县林业局2023年工作总结及2024年工作打算", "一、主要工作情况"),
    ]
    outline = outline_of(*lines)
    assert [(s.level, s.title, s.part) for s in outline.sections] == [
        (0, "2023年工作总结及2024年工作打算汇编", None),
        (0, "区民政局2023年工作总结和2024年工作打算", 1),
        (1, "一、2023年工作总结", 1),
        (0, "县林业局2023年工作总结及2024年工作打算", 2),
        (1, "一、主要工作情况", 2),
    ]
    assert [p.title for p in outline.parts] == [
        "区民政局2023年工作总结和2024年工作打算",
        "县林业局2023年工作总结及2024年工作打算",
    ]
    assert outline.parts[0].end == outline.parts[1].start


def test_compilation_without_table_of_contents_splits_on_report_titles():
    lines = [
        "2023年度工作总结合集",
        *report("XX街道2023年工作总结", "一、主要工作成效"),
        *report("XX社区2023年工作总结", "一、主要工作成效"),
        *report("XX镇2023年工作总结", "一、工作开展情况"),
    ]
    outline = outline_of(*lines)
    assert [p.title for p in outline.parts] == [
        "XX街道2023年工作总结",
        "XX社区2023年工作总结",
        "XX镇2023年工作总结",
    ]
    assert [s.part for s in outline.sections] == [None, 1, 1, 2, 2, 3, 3]


def test_compilation_whose_toc_words_titles_differently_splits_on_report_titles():
    lines = [
        "2023年工作总结汇编", "目录", "1.区民政局工作总结", "2.县林业局工作总结", "",
        *report("区民政局2023年工作总结", "一、2023年工作总结"),
        *report("县林业局2023年工作总结", "一、主要工作情况"),
    ]
    assert [p.title for p in outline_of(*lines).parts] == ["区民政局2023年工作总结", "县林业局2023年工作总结"]


def test_compilation_parts_announced_as_pian():
    lines = [
        "2023年度工作总结范文（2篇）",
        *report("篇一：XX街道2023年工作总结", "一、主要工作成效"),
        *report("篇二：XX社区2023年工作总结", "一、主要工作成效"),
    ]
    outline = outline_of(*lines)
    assert [p.title for p in outline.parts] == ["篇一：XX街道2023年工作总结", "篇二：XX社区2023年工作总结"]
    assert [(s.level, s.part) for s in outline.sections] == [(0, None), (0, 1), (1, 1), (0, 2), (1, 2)]


def test_run_together_compilation_with_its_toc_on_one_line():
    # how a document-sharing site serves a compilation: one line, TOC inline, each report running on
    # from the previous one's last sentence
    speech = "过去一年是极具挑战、极其不易的一年。" + "全镇上下团结一心,攻坚克难,经济运行总体平稳。" * 30
    plan = "力争完成高标准农田建设6200亩。" * 30
    text = (
        "XX镇2023年政府工作报告汇编(2篇)目录1.2023年白鹤镇政府工作报告 2.冲蒌镇2023年政府工作报告 "
        "2023年白鹤镇政府工作报告各位代表:现在,我代表镇人民政府,向大会作政府工作报告,请予审议。"
        "一、过去一年工作回顾" + speech + "二、2023年工作安排" + plan + "以上报告,请予审议!"
        "冲蒌镇2023年政府工作报告各位代表:现在,我代表镇人民政府作报告。"
        "一、2022年工作回顾" + speech + "二、2023年主要工作任务" + plan
    )
    outline = find_outline(text)
    assert [(s.level, s.title, s.part, s.kind) for s in outline.sections] == [
        (0, "XX镇2023年政府工作报告汇编", None, "review"),
        (0, "2023年白鹤镇政府工作报告", 1, "review"),
        (1, "一、过去一年工作回顾", 1, "review"),
        (1, "二、2023年工作安排", 1, "plan"),
        (0, "冲蒌镇2023年政府工作报告", 2, "review"),
        (1, "一、2022年工作回顾", 2, "review"),
        (1, "二、2023年主要工作任务", 2, "plan"),
    ]
    assert [p.title for p in outline.parts] == ["2023年白鹤镇政府工作报告", "冲蒌镇2023年政府工作报告"]
    assert text[outline.parts[1].start:].startswith("冲蒌镇2023年政府工作报告各位代表")


def test_single_report_has_no_parts():
    outline = outline_of(TITLE, BODY, "一、2023年工作完成情况", BODY)
    assert outline.parts == [] and {s.part for s in outline.sections} == {None}


def test_seed002_compilation_through_the_real_pipeline(data_dir: Path):
    from services.analyze import analyze_path  # read → clean → section, as `reportflow analyze` runs it

    analysis = analyze_path(data_dir / "reports" / "seed002.txt")
    gold = [json.loads(line) for line in (data_dir / "gold" / "parts.jsonl").read_text("utf-8").splitlines()]
    assert [p.title for p in analysis.outline.parts] == [g["title"] for g in gold if g["doc"] == "seed002"]
    for part, g in zip(analysis.outline.parts, gold, strict=True):
        assert analysis.text[part.start : part.end].split("\n", 2)[1].startswith(g["first_text"])


# ---------------------------------------------------------------- edge input
@pytest.mark.parametrize("text", [pytest.param("", id="empty"), pytest.param("\n\n　\n", id="blank-lines")])
def test_empty_text_has_no_outline(text):
    outline = find_outline(text)
    assert outline.sections == [] and outline.parts == []
