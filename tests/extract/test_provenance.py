"""services.extract.provenance: the sentence a metric was read from, as a case table (cases from the dev
reports' shapes: a full stop, a semicolon list, a table row, a heading line, a run-on text)."""

import pytest

from services.extract.provenance import MAX_SIDE, sentence_span

CASES = [
    pytest.param("上年如此。全年粮食产量12.5万吨，增长3%。下一句。", "12.5万吨", "全年粮食产量12.5万吨，增长3%。",
                 id="between full stops"),
    pytest.param("一是工业；规上工业产值36亿元；二是农业。", "36亿元", "规上工业产值36亿元；", id="semicolon list"),
    pytest.param("表头\n地区生产总值\t1568000万元\t5.6%\n下一行", "1568000万元", "地区生产总值\t1568000万元\t5.6%",
                 id="table row ends at the line break"),
    pytest.param("粮食产量12万吨", "12万吨", "粮食产量12万吨", id="whole text, no end"),
    pytest.param("。  \n  新增就业300人！", "300人", "新增就业300人！", id="leading blanks dropped"),
]


@pytest.mark.parametrize(("text", "figure", "sentence"), CASES)
def test_sentence_span(text, figure, sentence):
    start = text.index(figure)
    left, right = sentence_span(text, start, start + len(figure))
    assert text[left:right] == sentence


def test_a_run_on_text_is_cut_each_side():
    text = "字" * 1000 + "12万吨" + "字" * 1000
    left, right = sentence_span(text, 1000, 1004)
    assert (left, right) == (1000 - MAX_SIDE, 1004 + MAX_SIDE)
