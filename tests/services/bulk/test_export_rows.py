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
    row = ExportRow("d1", "b1", "a.txt", "县/a.txt", "XX镇人民政府", "乡镇", None, None, None, None, "XX镇", 2023,
                    None, "工作总结", None, "标题", "标题 > 一、", 7, "全年粮食产量", "粮食产量", 12.5, True, None,
                    None, "万吨", "", "actual", None, "全年粮食产量约12.5万吨。")
    data = b"".join(csv_chunks([row]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "document id,batch,document,path,issuer,level,body kind,province,city,county,town,report year,period,"
        "report type,meeting date,title,section path,metric id,name,indicator,value,approx,value min,value max,"
        "unit,change,kind,year,sentence",
        "d1,b1,a.txt,县/a.txt,XX镇人民政府,乡镇,,,,,XX镇,2023,,工作总结,,标题,标题 > 一、,7,全年粮食产量,粮食产量,"
        "12.5,True,,,万吨,,actual,,全年粮食产量约12.5万吨。"]


def test_a_formula_in_the_source_sentence_is_neutralised():
    row = ExportRow("d1", "b1", "a.csv", "a.csv", *[None] * 11, "", "", 1, "=1+1", "=1+1", 1, False, None, None,
                    "", "", "actual", None, "=HYPERLINK(\"http://x\")")
    text = b"".join(csv_chunks([row])).decode("utf-8-sig")
    assert ",'=1+1,'=1+1," in text and "'=HYPERLINK" in text
