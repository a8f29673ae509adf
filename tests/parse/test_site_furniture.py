"""Web page furniture, PDF running heads, re-rendered preview paragraphs and full-width hard wraps.

Cases come from how government sites, document-sharing sites and PDF converters lay out a pasted report
(the styles of tests/parse/heldout_like); each "must stay" case is report wording that looks like furniture.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.parse.cleaning import clean_text, rules
from services.parse.cleaning.furniture import is_furniture
from services.parse.readers import read_document
from shared.document import CleanText

SAME = None

# Whole furniture lines of government and sharing sites: each must be recognised.
FURNITURE_LINES = [
    # government sites
    pytest.param("首页 > 政务公开 > 规划计划", id="breadcrumb"),
    pytest.param("当前位置：首页 > 政务公开 > 政府信息公开目录 > 规划计划", id="breadcrumb-current-position"),
    pytest.param("发布时间：2024-01-15 09:30    来源：县政府办公室    浏览次数：1286", id="article-metadata"),
    pytest.param("发布日期：2024/01/10　　更新日期：2024/01/12　　点阅次数：532", id="article-metadata-ideographic-gaps"),
    pytest.param("【字号：大 中 小】【打印】【关闭】", id="toolbar"),
    pytest.param("【列印本页】【关闭视窗】【回到页首】", id="toolbar-traditional-site"),
    pytest.param("打印本页 关闭窗口", id="toolbar-words"),
    pytest.param("信息来源：县发改局    发布时间：2024-02-01    字号：[ 大 中 小 ]", id="metadata-with-font-size"),
    pytest.param("索引号：000014349/2024-00012    分类：规划计划", id="open-government-index"),
    pytest.param("您现在的位置：首页 >> 信息公开 >> 工作报告", id="breadcrumb-double-arrows"),
    pytest.param("网站地图 | 联系我们 | 网站声明", id="footer-link-row"),
    pytest.param("Copyright © 2023 XX县人民政府 All Rights Reserved", id="footer-copyright-english"),
    pytest.param("扫一扫在手机打开当前页", id="mobile-qr"),
    pytest.param("分享到：", id="share"),
    pytest.param("上一篇：XX县2023年国民经济和社会发展统计公报", id="previous-article"),
    pytest.param("国务院 | 省人民政府 | 市人民政府", id="link-row"),
    pytest.param("主办单位：XX县人民政府办公室    承办单位：XX县大数据中心", id="footer-owner"),
    pytest.param("网站标识码：4310230001    湘ICP备05012345号-1    湘公网安备 43102302000123号", id="footer-ids"),
    pytest.param("版权所有 © 2024 社会工作局　　建议使用Chrome或Edge浏览器　　最佳浏览分辨率1920×1080", id="footer-copyright"),
    # document-sharing sites
    pytest.param("上传者：xiaoli0823    2023-12-20    4.5分    1.2万次阅读    236次下载", id="uploader-stats"),
    pytest.param("文档格式：docx    页数：5页    大小：28.6KB", id="document-facts"),
    pytest.param("还剩4页未读，继续阅读", id="reading-gate"),
    pytest.param("下载文档到电脑，查找使用更方便", id="download-pitch"),
    pytest.param("5 积分  下载", id="download-price"),
    pytest.param("本文档由用户上传，如有侵权请联系删除", id="uploaded-by-user"),
    pytest.param("阅读已结束，如果下载本文需要使用1下载券", id="reading-ended"),
    pytest.param("点击查看全文", id="show-full-text"),
]

# Report wording that resembles furniture and must stay.
REPORT_LINES = [
    pytest.param("（三）推行扫码点餐，优化消费环境", id="heading-with-qr-word"),
    pytest.param("资金来源：县级财政安排500万元，争取上级补助300万元。", id="funding-source-sentence"),
    pytest.param("地区生产总值 | 156.8亿元 | 5.6%", id="pipe-table-row-with-figures"),
    pytest.param("下一步，我们将继续深化改革。", id="next-step"),
    pytest.param("2024年1月12日", id="signature-date"),
    pytest.param("【基本情况】全县共有行政村126个。", id="bracket-label-then-text"),
    pytest.param("一是完善分享机制，推动资源共享", id="share-word-in-list"),
    pytest.param("【基本情况】", id="bracket-section-label"),
    pytest.param("（二）打印", id="numbered-tool-word"),
    pytest.param("二、上一年度工作回顾", id="previous-year-heading"),
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_line_is_recognised(line: str):
    assert is_furniture(line)


@pytest.mark.parametrize("line", REPORT_LINES)
def test_report_line_is_not_furniture(line: str):
    assert not is_furniture(line)
    assert clean_text(line + "\n") == CleanText.identity(line + "\n")


CASES = [
    # government site page
    pytest.param(
        "首页 > 政务公开 > 规划计划\nXX县2023年工作总结\n发布时间：2024-01-15    来源：县政府办公室\n"
        "一、2023年工作回顾\n全年完成投资48.2亿元。\n【打印】【关闭】\n分享到：\n"
        "相关链接：\n国务院 | 省人民政府 | 市人民政府\n",
        "XX县2023年工作总结\n一、2023年工作回顾\n全年完成投资48.2亿元。\n",
        id="government-page",
    ),
    # sharing site: page title suffix, related documents listed after the text
    pytest.param(
        "2023年街道办事处工作总结 - 百度文库\n一、工作成效\n新增就业岗位1850个。\n相关文档推荐\n"
        "2023年社区工作总结（精选5篇）\n\n街道办事处2023年度工作总结范文\n",
        "2023年街道办事处工作总结\n一、工作成效\n新增就业岗位1850个。\n",
        id="sharing-site-title-and-related-list",
    ),
    pytest.param(
        "XX县2023年政府工作报告_XX县人民政府门户网站\n各位代表：\n",
        "XX县2023年政府工作报告\n各位代表：\n",
        id="government-page-title-suffix",
    ),
    pytest.param(
        "（二）坚持人民至上——织密民生保障网\n", SAME, id="heading-subtitle-dash-is-not-a-site-suffix",
    ),
    pytest.param(
        "更多信息\n一、2023年工作回顾\n二、2024年工作计划\n", "一、2023年工作回顾\n二、2024年工作计划\n",
        id="headings-after-a-related-header-stay",
    ),
    # a preview paragraph printed again by the full text, with other bracket widths
    pytest.param(
        "（二）城市管理持续提升。完成老旧小区改造14个，惠及居民2860户；新增停车泊位620个。\n"
        "(二)城市管理持续提升。完成老旧小区改造14个，惠及居民2860户；新增停车泊位620个。\n"
        "（三）民生事业全面发展。\n",
        "（二）城市管理持续提升。完成老旧小区改造14个，惠及居民2860户；新增停车泊位620个。\n"
        "（三）民生事业全面发展。\n",
        id="preview-repeat-in-other-width",
    ),
    # PDF: page counter lines with the office's name as running foot; one counter cuts a sentence
    pytest.param(
        "XX区2023年政府工作报告\n一、2023年工作回顾\n全区地区生产总值完成356.8亿元；一般公共预算收入完\n"
        "第 2 页 共 6 页\nXX区人民政府\n成28.6亿元，增长8.2%。\n二、2024年工作安排\n全区地区生产总值增长6%左右。\n"
        "第 3 页 共 6 页\nXX区人民政府\n三、2024年重点任务\n",
        "XX区2023年政府工作报告\n一、2023年工作回顾\n全区地区生产总值完成356.8亿元；一般公共预算收入完成28.6亿元，"
        "增长8.2%。\n二、2024年工作安排\n全区地区生产总值增长6%左右。\n三、2024年重点任务\n",
        id="pdf-page-counter-running-foot-and-cut-sentence",
    ),
    # a heading that opens two pages is no running head
    pytest.param(
        "一、2023年工作回顾\n全年完成投资4.2亿元。\n- 1 -\n（一）工作成效\n全年新增就业1850人。\n"
        "二、2024年工作计划\n力争完成投资5亿元。\n- 2 -\n（一）工作成效\n新增就业2000人。\n",
        "一、2023年工作回顾\n全年完成投资4.2亿元。\n（一）工作成效\n全年新增就业1850人。\n"
        "二、2024年工作计划\n力争完成投资5亿元。\n（一）工作成效\n新增就业2000人。\n",
        id="repeated-heading-after-page-marks-stays",
    ),
    # PDF: a title set with wide tracking
    pytest.param(
        "X X 市 生 态 环 境 局 ２ ０ ２ ３ 年 工 作 总 结\n全年 GDP 增长 5.6%。\n",
        "XX市生态环境局2023年工作总结\n全年 GDP 增长 5.6%。\n",
        id="pdf-letter-spaced-title",
    ),
    pytest.param("1 2 3 4 5 6 7\nA B C D E F G\n", SAME, id="spaced-digits-or-latin-only-stay"),
    # PDF: running head next to every page number, sentence cut by the page break
    pytest.param(
        "XX市生态环境局2023年工作总结\n一、主要指标完成情况\n全年淘汰燃煤小锅炉37台。\n\n－ 1 －\n\n"
        "XX市生态环境局2023年工作总结\n二、重点工作\n全年累计投入治\n\n－ 2 －\n\nXX市生态环境局2023年工作总结\n"
        "理资金2.36亿元。\n",
        "XX市生态环境局2023年工作总结\n一、主要指标完成情况\n全年淘汰燃煤小锅炉37台。\n二、重点工作\n"
        "全年累计投入治理资金2.36亿元。\n",
        id="pdf-running-head",
    ),
]


@pytest.mark.parametrize(("raw", "cleaned"), CASES)
def test_cleaning(raw: str, cleaned: str | None):
    result = clean_text(raw)
    if cleaned is SAME:
        assert result == CleanText.identity(raw)
    else:
        assert result.text == cleaned


def test_hard_wraps_of_full_width_digits_are_joined():
    """38 full-width characters a line: once the digits are half width the lines differ in columns, not count."""
    paragraph = (
        "全市空气质量优良天数比例达到８９．３％，同比提高２．１个百分点；ＰＭ２．５平均浓度为３１微克，同比下降"
        "６．１％。国省考断面水质优良比例达到１００％，县级以上集中式饮用水水源地水质达标率保持１００％，"
        "全年完成重点行业企业深度治理项目５２个，淘汰燃煤小锅炉３７台，累计投入治理资金２．３６亿元。"
    )
    wrapped = "\n".join(paragraph[i : i + 38] for i in range(0, len(paragraph), 38))
    raw = "一、主要指标完成情况\n" + wrapped + "\n二、重点工作推进情况\n（一）蓝天保卫战成效明显\n"
    result = clean_text(raw)
    expected = "一、主要指标完成情况\n" + paragraph + "\n二、重点工作推进情况\n（一）蓝天保卫战成效明显\n"
    table = {**{0xFF10 + d: 0x30 + d for d in range(10)}, 0xFF05: ord("%"), 0xFF30: ord("P"), 0xFF2D: ord("M")}
    assert result.text == expected.translate(table).replace("．", ".")


def test_hard_wrapped_paragraph_opening_with_a_run_in_enumeration_is_joined():
    paragraph = (
        "一是部分区域大气污染治理基础仍然薄弱，重点行业排放总量依然较大，二是城乡污水收集处理设施短板依然存在，"
        "管网建设滞后于城市发展，三是生态环境监管能力有待提升，基层执法力量不足，监测站点布局仍不完善，"
        "四是环境基础设施投入不足，部分乡镇污水处理设施运行不够稳定，群众反映的环境问题仍然较多。"
    )
    wrapped = "\n".join(paragraph[i : i + 38] for i in range(0, len(paragraph), 38))
    raw = "三、存在的问题\n" + wrapped + "\n四、下一步工作计划\n（一）持续打好蓝天保卫战\n（二）持续打好碧水保卫战\n"
    assert clean_text(raw).text == raw.replace(wrapped, paragraph)


def test_offsets_lead_back_to_raw_after_furniture_goes():
    raw = "首页 > 政务公开\n发布时间：2024-01-15    来源：本站\n全年完成投资48.2亿元。\n"
    result = clean_text(raw)
    start = result.text.index("48.2亿元")
    raw_start, raw_end = result.raw_span(start, start + len("48.2亿元"))
    assert raw[raw_start:raw_end] == "48.2亿元"


def _lines_of_every_corpus_and_case() -> list[str]:
    data = Path(__file__).parent.parent / "data"
    files = [*(data / "web" / "docs").glob("*.txt"), *(data / "reports").glob("*.txt"), *(data / "full" / "docs").glob("*.txt")]
    lines = [case.values[0] for case in FURNITURE_LINES]
    for path in sorted(files):
        lines += [line for line in read_document(path.read_bytes(), path.name).split("\n") if 0 < len(line) <= 400]
    return lines


def test_the_shortcuts_of_the_furniture_patterns_find_what_the_full_pattern_finds():
    """FURNITURE_LINE_NEEDS lets a line skip every pattern, SITE_FURNITURE_LINE_FOR some of them (by pipes, dots
    and field marks): a pattern added to SITE_FURNITURE_LINES without its literals there would be skipped."""
    missed = []
    for line in _lines_of_every_corpus_and_case():
        stripped = line.strip(rules.HSPACE)
        full = stripped and len(stripped) <= rules.FURNITURE_MAX_LINE and rules.SITE_FURNITURE_LINE.fullmatch(stripped)
        if full and not is_furniture(line):
            missed.append(stripped)
    assert missed == []
