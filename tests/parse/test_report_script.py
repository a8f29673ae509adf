"""The analysis shows a traditional-script report in its own script (services/parse/cleaning/script.py): the
rules read it in simplified, the text, headings, names and units come out as the report writes them. Cases by
origin: the web set's traditional pages, and simplified reports that must stay simplified."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.analyze import analyze_text

WEB = Path(__file__).parents[1] / "data" / "web" / "docs"


@pytest.mark.parametrize(("doc", "heading", "name", "unit"), [
    pytest.param("w15", "三、構建和諧穩定平安的社會環境", "中學擴建項目拆除大盂大棚戶", "戶", id="w15-traditional-town-summary"),
    pytest.param("w26", "一、2016年和過去五年工作回顧", "現代農業示范園區", "個", id="w26-traditional-with-inline-pinyin"),
])
def test_a_traditional_report_comes_out_in_its_script(doc, heading, name, unit):
    raw = (WEB / f"{doc}.txt").read_text("utf-8")
    analysis = analyze_text(raw, doc)
    assert heading in [s.title for s in analysis.outline.sections]
    assert any(m.name.endswith(name) and m.unit == unit for m in analysis.metrics), [m.name for m in analysis.metrics]
    assert "(xiàn)" not in analysis.text and all(m.text in analysis.text for m in analysis.metrics)
    # what the analysis reads stays simplified: the change words, the metadata
    assert {m.change for m in analysis.metrics} <= {None, "增长", "同比增长", "下降", "同比下降", "率", "占比"}


def test_the_text_keeps_its_offsets():
    raw = "現在，我代表縣人民政府向大會報告工作。\n全縣實現地區生產總值39.1億元，同比增長4.5%。\n"
    analysis = analyze_text(raw, "t")
    assert analysis.text == raw
    [gdp, growth] = analysis.metrics
    assert (gdp.name, gdp.text, growth.change) == ("地區生產總值", "全縣實現地區生產總值39.1億元", "同比增长")
    assert raw[gdp.start:gdp.end].endswith("39.1億元")


@pytest.mark.parametrize("raw", [
    pytest.param("全县地区生产总值39.1亿元，同比增长4.5%。赴臺灣考察3次。\n", id="simplified-report-quoting-a-traditional-name"),
    pytest.param("全县地区生产总值39.1亿元，同比增长4.5%。\n", id="simplified-report"),
])
def test_a_simplified_report_stays_simplified(raw):
    analysis = analyze_text(raw, "s")
    assert analysis.metrics[0].name == "地区生产总值" and "亿元" in analysis.text
