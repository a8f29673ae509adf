"""shared.metrics_export without services: where a metric sits in the heading tree, and the CSV encoding."""

from __future__ import annotations

import pytest

from shared.document import Outline, Section
from shared.metrics_export import ExportRow, csv_chunks, report_title, section_chain

# A report whose chapters repeat sub-heading titles, as work reports do ("（一）党的建设" under review and plan)
OUTLINE = Outline(sections=[
    Section(0, "XX县2023年工作总结", "review", 0, 100),
    Section(1, "一、工作成效", "review", 20, 60),
    Section(2, "（一）党的建设", "review", 30, 60),
    Section(1, "二、明年打算", "plan", 60, 100),
    Section(2, "（一）党的建设", "plan", 70, 100),
])


@pytest.mark.parametrize(("offset", "section", "path"), [
    pytest.param(40, "（一）党的建设", ["XX县2023年工作总结", "一、工作成效", "（一）党的建设"], id="first of two titles"),
    pytest.param(80, "（一）党的建设", ["XX县2023年工作总结", "二、明年打算", "（一）党的建设"], id="repeated title"),
    pytest.param(65, "二、明年打算", ["XX县2023年工作总结", "二、明年打算"], id="chapter"),
    pytest.param(10, "XX县2023年工作总结", ["XX县2023年工作总结"], id="title only"),
    pytest.param(25, None, ["XX县2023年工作总结", "一、工作成效"], id="no stored section: by offset"),
])
def test_section_chain(offset, section, path):
    chain = section_chain(OUTLINE, offset, section)
    assert [s.title for s in chain] == path
    assert report_title(OUTLINE, chain, offset) == "XX县2023年工作总结"


def test_csv_is_utf8_with_bom_and_blank_cells():
    row = ExportRow("a.txt", "标题", "标题 > 一、", "粮食产量", 12.5, "万吨", "", "actual", None)
    data = b"".join(csv_chunks([row]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "document,title,section path,name,value,unit,change,kind,year",
        "a.txt,标题,标题 > 一、,粮食产量,12.5,万吨,,actual,"]
