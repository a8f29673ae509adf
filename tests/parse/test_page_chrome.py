"""Page chrome found by its signals and its place on the page (services/parse/cleaning/chrome.py, NOISE_SPANS).

Cases are grouped by where they come from: the web set (tests/data/web, lines as scraped), the kinds of noise
the issue lists for scrapes of other sites, the full corpus (tests/data/full), and report wording that looks
like chrome and must stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.parse.cleaning import clean_text
from services.parse.cleaning.chrome import chrome_score
from services.parse.cleaning.rules import CHROME_GATED_SIGNALS, CHROME_THRESHOLD
from services.parse.readers import read_document
from shared.document import CleanText

SAME = None
BODY = "今年以来，全镇完成固定资产投资6.67亿元，同比增长34.62%。\n一、经济发展\n全年粮食播种面积58873亩。\n"

# Pages as scraped: chrome around a report; the report must come out whole.
WEB_SET = [
    pytest.param("- 19.09 KB\n- 2021-04-14 发布\n- 网站客服QQ:403074932\n镇2020年工作总结\n" + BODY,
                 "镇2020年工作总结\n" + BODY, id="w01-file-box"),
    pytest.param("找总结网 > 工作计划 > 年度工作计划 > 镇政府2019年工作总结\n镇政府2019年工作总结\n| cwl2\n" + BODY,
                 "镇政府2019年工作总结\n" + BODY, id="w03-breadcrumb-uploader-handle"),
    pytest.param("职场文秘网\n\n首页 > 领导讲话 > 政协讲话 / 正文\n\n棚改工作情况\n\n2021-01-02 10:54:44\n\n" + BODY
                 + "\nTags: 工作情况   区棚改\n\n搜索\n\n网站分类\n\n标签列表\n",
                 "棚改工作情况\n\n" + BODY + "\n", id="w07-site-name-tags-footer"),
    pytest.param("街道2021年工作总结范文\n【概述】\n结合当前工作需要,好范文网的会员“365769653”为你整理了这篇街道2021年工作总结范文,"
                 "希望能给你的学习、工作带来参考借鉴作用。\n【正文】\n街道2021年工作总结\n" + BODY,
                 "街道2021年工作总结范文\n街道2021年工作总结\n" + BODY, id="w12-content-farm-blurb"),
    pytest.param("乡镇政府工作总结|乡镇人民政府五年工作总结\n" + BODY, "乡镇人民政府五年工作总结\n" + BODY,
                 id="w14-category-prefix"),
    pytest.param(BODY + "(未完,全文共1533字,当前显示396字)\n(请认真阅读下面的提示信息)\n", BODY, id="w18-truncation-notice"),
    pytest.param("德迅网德迅网德迅网\n镇2010年工作总结\n  []\n" + BODY, "镇2010年工作总结\n" + BODY, id="w20-banner-link-residue"),
    pytest.param("| 索引号:000014349/2022-83299 | |\n| 发文字号: | 发文时间:2023-01-05 |\n| 标题:南漳镇2023年工作计划 | |\n"
                 "| 主题分类:综合政务 | 发布日期:2023-01-05 |\n" + BODY, "南漳镇2023年工作计划\n" + BODY,
                 id="w23-metadata-table-title-field"),
    pytest.param("时间:2022-11-03 04:44:00\n导语:镇工作汇报一文来源于网友上传,不代表本站观点,若需要原创文章可咨询客服老师,欢迎参考。\n镇工作汇报\n"
                 + BODY, "镇工作汇报\n" + BODY, id="w28-time-and-disclaimer"),
    pytest.param("網站支持IPv6無錫市濱湖區人民政府  歡迎您!\n\n首頁>政府信息公開>規劃計劃\n\n街道2022年上半年工作總結\n\n"
                 "信息索引号 014028901/2022-05909 生成日期 2022-08-18 公開日期 2022-08-18\n公开形式 网站 公开方式 主动公开\n"
                 "效力状况 有效\n内容概述 街道2022年上半年工作总结\n\n" + BODY,
                 "街道2022年上半年工作总结\n\n" + BODY, id="w31-open-government-table-traditional"),
    pytest.param("统计\nOriginal URL: http://lib.example.cn/bin/mse.exe?seachword=&K=c54&A=6\n" + BODY,
                 BODY, id="w36-original-url-and-the-entry-label-above-it"),
    pytest.param('<legend id="h4sia"></legend><samp id="h4sia"></samp>\n  • <input id="h4sia">\n\n  开封市卫生健康委员会\n\n'
                 "  开封市卫生健康委员会2019年工作总结\n\n  2020-02-26 来源: 办公室\n  打印\n" + BODY,
                 "开封市卫生健康委员会2019年工作总结\n\n" + BODY, id="w37-html-junk-banner"),
    pytest.param(BODY + "《镇年度工作总结》来源于www.example.com,欢迎阅读镇年度工作总结。\nTag:年终总结,个人年终总结,报告总结计划\n",
                 BODY, id="w38-source-footer-tag-line"),
    pytest.param("現(xiàn)在,我代表縣人民政府向大會報告工作。\n", "现在,我代表县人民政府向大会报告工作。\n", id="w26-inline-pinyin"),
    pytest.param("社会商品零售总额175亿元,同比增长17%。就突击性工作而言[NextPage]\n", "社会商品零售总额175亿元,同比增长17%。就突击性工作而言\n",
                 id="w04-pagination-token"),
    pytest.param("区住建局2022年度工作总结(8520字)\n" + BODY, "区住建局2022年度工作总结\n" + BODY, id="w05-word-count"),
    pytest.param("2021年上半年某乡政府工作总结工作总结 2021年上半年某乡政府工作总结今年以来,乡党委政府认真落实各项部署。\n",
                 "2021年上半年某乡政府工作总结 2021年上半年某乡政府工作总结今年以来,乡党委政府认真落实各项部署。\n",
                 id="w17-glued-category-tag"),
]

# Kinds of noise the issue found on scrapes of other sites (written here in their shape, not copied).
OTHER_SITES = [
    pytest.param("- 37.5 KB |\n- 11页\n上传人：zhang***\n收藏 分享(赏)\n镇2023年工作总结\n" + BODY, "镇2023年工作总结\n" + BODY,
                 id="file-box-of-a-sharing-site"),
    pytest.param("温馨提示：本文档下载后可编辑，请放心下载。\n镇2023年工作总结\n" + BODY, "镇2023年工作总结\n" + BODY, id="download-notice"),
    pytest.param("下面是小编为大家整理的镇2023年工作总结，供大家参考。\n镇2023年工作总结\n" + BODY, "镇2023年工作总结\n" + BODY,
                 id="content-farm-editor-blurb"),
    pytest.param("以下提供一篇镇2023年工作总结给大家参考!\n镇2023年工作总结\n" + BODY, "镇2023年工作总结\n" + BODY,
                 id="content-farm-offer"),
    pytest.param("欢迎来到天天文库\n首页>\n全文预览\n镇2023年工作总结\n" + BODY, "镇2023年工作总结\n" + BODY,
                 id="site-banner-before-title"),
    pytest.param(BODY + "公众@号：材料写作助手\n", BODY, id="watermark-account"),
    pytest.param("热度:91\n浏览次数：1286\n字体:[大 中 小]\n镇2023年工作总结\n" + BODY, "镇2023年工作总结\n" + BODY,
                 id="view-counter-and-font-size"),
    pytest.param("推进乡(xiāng)镇(zhèn)建设。\n", "推进乡镇建设。\n", id="inline-pinyin-simplified"),
    pytest.param("初步形成六大特色产业。《》()。实现农民人均增收500元。\n", "初步形成六大特色产业。。实现农民人均增收500元。\n",
                 id="link-residue-inside-text"),
    pytest.param("《》()。初步形成六大特色产业。\n", "初步形成六大特色产业。\n", id="link-residue-at-line-start"),
]

# Footers and tools after the report, on any site: each line must go.
FOOTER_LINES = [
    "版权声明：本文内容由互联网用户自发贡献，该文观点仅代表作者本人。如发现本站有涉嫌抄袭侵权内容，请发送邮件举报。",
    "发表评论", "相关推荐", "上一篇：2023年社区工作总结", "点击下载完整版", "你可能也喜欢", "阅读本文的人还阅读了",
    "本文来自投稿，不代表本站立场，如若转载，请注明出处", "微信扫一扫，分享到朋友圈", "返回列表", "作者：admin",
    "打开微信，点击底部的“发现”，使用“扫一扫”即可将网页分享至朋友圈。", "(本文共计3520字)", "文章编辑：小王",
    "推荐阅读：2023年乡镇工作总结范文", "免责声明：本站部分内容来源于网络", "扫描二维码关注公众号", "登录后可复制全文",
    "VIP专享文档", "举报", "下载积分：2", "本文由用户上传，仅供学习交流", "© 2024 某某文库 版权所有", "粤ICP备12345678号",
]
OTHER_SITES += [pytest.param(BODY + line + "\n", BODY, id=f"footer-{i}") for i, line in enumerate(FOOTER_LINES)]

# tests/data/full: long reports from government portals.
FULL_CORPUS = [
    pytest.param("2013年国务院政府工作报告   中央政府门户网站　www.gov.cn　　 2013年03月19日 08时55分　　 来源：新华社\n" + BODY,
                 "2013年国务院政府工作报告\n" + BODY, id="portal-title-with-fields"),
    pytest.param(BODY + "（责任编辑： 曹晓轩\n", BODY, id="editor-in-brackets"),
    pytest.param(BODY + "\n保定市满城区2020年政府工作报告\n\n保定市满城区2022年政府工作报告\n", BODY + "\n", id="related-titles-after-report"),
    pytest.param("来源URL：https://www.example.gov.cn/system/2022/01/24/100866153.shtml\n" + BODY, BODY, id="source-url"),
    pytest.param("易县\n清苑区\n首页 > 走进河北 > 政府工作报告\n2024年政府工作报告\n" + BODY, "2024年政府工作报告\n" + BODY,
                 id="place-navigation-list"),
    # the tag cloud that ends 48 pages of one site: short lines, titles and years among them
    pytest.param(BODY + "\n标签云\n\n工作报告\n\n政府工作报告\n\n国民经济\n\n2024年政府工作报告\n\n北京市\n\n人民政府\n\n"
                 "天津市\n\n统计公报\n\n2025年\n\n考生\n\n2022年\n\n政府信息公开\n", BODY, id="tag-cloud-ending-the-page"),
    pytest.param("正文：\n" + BODY, BODY, id="content-label-with-colon"),
    pytest.param(BODY + "\n河北省人民政府微信\n\n河北省人民政府微博\n", BODY, id="the-site-accounts-as-links"),
    pytest.param(BODY + "\n\n是否继续？\n\n放弃\n", BODY, id="a-confirm-dialog-and-its-button"),
    # a list page's counters (views, comments) and its excerpt of the report above the report itself
    pytest.param("工作报告\n米易县2023年人民政府工作报告\n172\n0\n政府工作报告    （2023年2月12日在米易县第十九届人民代表大会第三次"
                 "会议上）    米易县人民政府县长代坤宏各位代表：    现在，我代表县人民政府，向大会报告工作，请予审议......政府工作报告\n"
                 "政府工作报告\n（2023年2月12日在米易县第十九届人民代表大会第三次会议上）\n米易县人民政府县长代坤宏\n各位代表：\n"
                 "现在，我代表县人民政府，向大会报告工作，请予审议。\n" + BODY,
                 "工作报告\n米易县2023年人民政府工作报告\n政府工作报告\n（2023年2月12日在米易县第十九届人民代表大会第三次会议上）\n"
                 "米易县人民政府县长代坤宏\n各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n" + BODY,
                 id="counters-and-an-excerpt-above-the-report"),
]

# Report wording that resembles chrome.
MUST_STAY = [
    # a report's own short lines at its end are not a tag cloud: too few
    pytest.param(BODY + "\n县人民政府\n\n2024年1月5日\n", SAME, id="signature-and-date-after-the-report"),
    # figures flattened one per line after the report: a table's cells, not counters
    pytest.param(BODY + "\n附表\n\n356\n\n1200\n", SAME, id="table-cells-after-the-report"),
    # an ellipsis in a report sentence whose start is not printed again
    pytest.param("今年以来，全镇上下围绕中心、服务大局，各项工作稳步推进……\n" + BODY, SAME, id="an-ellipsis-in-report-text"),
    # a question the report asks itself, in the middle
    pytest.param("是否完成全年目标？\n" + BODY, SAME, id="a-question-opening-a-paragraph"),
    pytest.param("组织党员干部下载“学习强国”APP，会员单位通过微信公众号、QQ群发布信息120条，开通一键报警装置35处。\n", SAME,
                 id="download-and-account-words-in-a-report-sentence"),
    pytest.param("政府工作报告\n——2024年1月23日在XX区第三届人民代表大会第四次会议上\nXX区人民政府区长李某某\n各位代表：\n"
                 "现在，我代表区政府向大会作工作报告，请予审议。\n", SAME, id="title-dateline-speaker-salutation"),
    pytest.param(BODY + "\nXX镇人民政府\n2024年1月12日\n", SAME, id="signature-after-report"),
    pytest.param("【基本情况】\n全县共有行政村126个，常住人口8.6万人。\n", SAME, id="bracket-label"),
    pytest.param("资金来源：县级财政安排500万元，争取上级补助300万元。\n", SAME, id="funding-source-label"),
    pytest.param("全县共有网站12个，开展网络安全检查36次。\n", SAME, id="site-word-with-figures"),
    pytest.param(BODY + "（一）聚焦产业发展\n（二）聚焦民生保障\n", SAME, id="headings-after-the-last-sentence"),
    pytest.param("新华社北京3月5日电\n" + BODY, SAME, id="news-dateline"),
    pytest.param(BODY + "\n".join(["指标", "单位", "2023年", "增长", "地区生产总值", "亿元", "356.8", "5.6", "财政收入", "万元",
                                    "7352", "48.5", "粮食产量", "吨", "27441", "3.1"]) + "\n", SAME,
                 id="table-cells-one-per-line"),
    pytest.param(BODY + "（三）打击侵权假冒\n深入开展打击侵权假冒专项行动，查处案件120件。\n", SAME, id="infringement-in-a-heading"),
]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def check(raw: str, cleaned: str | None) -> None:
    """The cleaned text, compared line by line (blank lines left by removed chrome do not matter)."""
    assert _lines(clean_text(raw).text) == _lines(raw if cleaned is SAME else cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), WEB_SET)
def test_web_set_chrome(raw: str, cleaned: str | None):
    check(raw, cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), OTHER_SITES)
def test_chrome_of_other_sites(raw: str, cleaned: str | None):
    check(raw, cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), FULL_CORPUS)
def test_full_corpus_chrome(raw: str, cleaned: str | None):
    check(raw, cleaned)


@pytest.mark.parametrize(("raw", "cleaned"), MUST_STAY)
def test_report_wording_stays(raw: str, cleaned: str | None):
    check(raw, cleaned)


@pytest.mark.parametrize("line", [
    "发布时间：2024-01-15 09:30  来源：县政府办公室  浏览次数：1286",
    "- 19.09 KB",
    "首页 > 政务公开 > 规划计划",
    "<video id=\"dlf5r\"></video><dl id=\"dlf5r\"></dl>",
])
def test_chrome_anywhere_on_the_page(line: str):
    assert chrome_score(line) >= CHROME_THRESHOLD


def test_offsets_still_point_into_the_raw_page():
    raw = "首页 > 政务公开 > 规划计划\n| 标题:南漳镇2023年工作计划 | |\n" + BODY
    result = clean_text(raw)
    assert result.text.startswith("南漳镇2023年工作计划\n")
    start, end = result.raw_span(0, len("南漳镇2023年工作计划"))
    assert raw[start:end] == "南漳镇2023年工作计划"
    assert isinstance(result, CleanText)


def _corpus_lines() -> list[str]:
    data = Path(__file__).parent.parent / "data"
    files = [*(data / "web" / "docs").glob("*.txt"), *(data / "reports").glob("*.txt"), *(data / "full" / "docs").glob("*.txt")]
    lines = []
    for path in sorted(files):
        lines += [line for line in read_document(path.read_bytes(), path.name).split("\n") if 0 < len(line) <= 400]
    return lines


def test_every_signal_match_holds_one_of_the_characters_it_is_gated_on():
    """CHROME_SIGNAL_NEEDS lets a line skip a signal's search; a wrong entry would hide real matches."""
    misses = {}
    for line in _corpus_lines() + [raw for case in WEB_SET + OTHER_SITES + FULL_CORPUS for raw in case.values[:1]]:
        for signal, needs in CHROME_GATED_SIGNALS:
            for match in signal.pattern.finditer(line):
                if needs and needs.isdisjoint(match.group()):
                    misses.setdefault(signal.name, match.group())
    assert misses == {}
