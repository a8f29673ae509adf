"""Notices of the hosting site after a report (services/parse/cleaning/notices.py), found by the terms they name
and where they stand. Cases are grouped by where they come from: the full corpus (tests/data/full), the shapes of
other sites' notices, and report wording that names such terms and must stay."""

from __future__ import annotations

import pytest

from services.parse.cleaning import clean_text

CLOSING = "各位代表！\n\n让我们更加紧密地团结起来，为实现今年的目标任务而奋斗！\n"
# Wikisource's licence box as the full corpus's national reports carry it (s0025 and 51 others): one line per
# link, then the community's note on it, also broken at its links
WIKISOURCE_BOX = ("\n\n\n本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件，"
                  "及其官方正式译文。根据《\n中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，在\n中国大陆\n，也可能在其他管辖区，"
                  "属于\n公有领域\n。\n\n\n\n注：中文维基文库社群认为，中华人民共和国公务演讲，\n不总是\n具有立法、行政、司法性质的文件。\n\n\n"
                  "Public domain\nPublic domain\nfalse\nfalse\n")

FULL_CORPUS = [
    pytest.param(CLOSING + WIKISOURCE_BOX, CLOSING, id="s0025-wikisource-licence-box-and-its-note"),
]
OTHER_SITES = [
    pytest.param(CLOSING + "\n本作品采用知识共享署名-相同方式共享 4.0 国际许可协议进行许可。\n", CLOSING,
                 id="creative-commons-licence-line"),
    pytest.param(CLOSING + "\n本作品在中国大陆属于公有领域，\n因为它是政府工作报告。\n\n\n相关条目\n", CLOSING,
                 id="public-domain-note-and-a-short-tail"),
]
STAYS = [
    # a copyright office's report names the law and unlicensed use: no term of a work's status
    pytest.param("一、版权执法\n深入宣传著作权法，查处未经许可传播作品案件12起，罚款8万元。\n", None,
                 id="copyright-office-report"),
    # a notice above the report: what follows is long, so only the notice goes
    pytest.param("本作品属于公有领域，未经许可不得转载。\n\n政府工作报告\n\n" + "过去一年，全县经济运行稳中有进，地区生产总值增长6.5%。" * 4 + "\n",
                 "政府工作报告\n\n" + "过去一年，全县经济运行稳中有进，地区生产总值增长6.5%。" * 4 + "\n", id="notice-above-a-long-report"),
    # a heading after the notice: the report goes on
    pytest.param(CLOSING + "\n本作品属于公有领域，未经许可不得转载。\n\n二、明年工作安排\n做好六项工作。\n",
                 CLOSING + "\n二、明年工作安排\n做好六项工作。\n", id="heading-after-a-notice"),
]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]  # blank lines left where a notice went do not count


@pytest.mark.parametrize(("raw", "expected"), FULL_CORPUS + OTHER_SITES + STAYS)
def test_notices(raw, expected):
    assert _lines(clean_text(raw).text) == _lines(raw if expected is None else expected)
