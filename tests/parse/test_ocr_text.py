"""Cases of the OCR normalisation (services/parse/readers/ocr_text.py), grouped by where they came from: real OCR
output of scanned pages of full-corpus reports (bench/ocr_accuracy.py --dump), and the look-alikes each rule
must leave alone."""

from __future__ import annotations

import pytest

from services.parse.readers.ocr_text import normalise_line

# RapidOCR, pages of s0002 / s0040 / s0120 at 150–300 dpi
RAPIDOCR = [
    ("超过了财政收人。", "超过了财政收入。"),
    ("地方财政总收人完成20.6亿元", "地方财政总收入完成20.6亿元"),
    ("等项目正式投人使用，新增商", "等项目正式投入使用，新增商"),
    ("国产大飞机C919投人商业运营", "国产大飞机C919投入商业运营"),
    ("-2024年3月5日在第十四届全国人民代表大会第二次会议上", "——2024年3月5日在第十四届全国人民代表大会第二次会议上"),
    ("绕“两个中心\"建设，坚持科", "绕“两个中心”建设，坚持科"),
    ("了财政收人。1979、19.80两年，连续出", "了财政收入。1979、1980两年，连续出"),
]
# Tesseract 5 chi_sim, the same pages
TESSERACT = [
    ("-一2024年3月5日在第十四届 届全国人民代表大会 会第二次会议上", "——2024年3月5日在第十四届届全国人民代表大会会第二次会议上"),
    ("各位代表 :", "各位代表："),
    ("各位代表:现在，我代表国务院", "各位代表：现在，我代表国务院"),
    ("-一经济总体回升向好。", "——经济总体回升向好。"),
    ("一-改革开放向纵深推进。", "——改革开放向纵深推进。"),
    ("研发经费投入增长8.1%，占比达到28.6%0。", "研发经费投入增长8.1%，占比达到28.6%。"),
]
# what looks like an error and is not
LEFT_ALONE = [
    "一是加强基础设施建设。",
    "一年来，我们坚持稳中求进。",
    "农民人均可支配收入增长6.5%，增收人均1200元。",
    "征收人民币1.2亿元",
    "流入人口12万人",
    "全市常住人口达到320万人。",
    "项目建设周期20.5年",
    "-3.5%",
    "领导人",
    "“十四五”规划",
    "Windows 10 系统",
]


@pytest.mark.parametrize(("read", "expected"), RAPIDOCR + TESSERACT)
def test_ocr_errors_are_mended(read, expected):
    assert normalise_line(read) == expected


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_look_alikes_are_left_alone(text):
    assert normalise_line(text) == text
