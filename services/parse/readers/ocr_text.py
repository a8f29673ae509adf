"""Normalisation of OCR'd lines before the common cleaning: the errors OCR makes and a text layer never does.

Each rule is safe on its own: it only fires inside a number or between Chinese characters, where the letter it
replaces cannot be meant. Cases from real OCR output of scanned report pages: tests/parse/test_ocr_text.py.
"""

from __future__ import annotations

import re

from shared.chinese import CHINESE_TEXT_CLASS

CJK = f"[{CHINESE_TEXT_CLASS}]"
# what follows a number in a report: a unit, a percent sign, a decimal point or another digit
NUMBER_FOLLOWER = r"(?:\d|[%％‰.万亿千百元个家项人户所台辆吨倍年月日次座条])"

RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # spaces OCR puts between Chinese characters, or between one and a digit or punctuation: "全 年 增长 5%"
    (re.compile(rf"(?<={CJK}) +(?={CJK}|[\d，。、；：％%）])"), ""),
    (re.compile(rf"(?<=[\d，。、；：％%（]) +(?={CJK})"), ""),
    # full-width digits, letters O/o and l/I/| read for 0 and 1 inside a number: "2O23年" "1O0%" "l2.5万"
    (re.compile(r"(?<=\d)[Oo〇](?=" + NUMBER_FOLLOWER + ")"), "0"),
    (re.compile(r"(?<=\d[.．])[Oo〇]"), "0"),
    (re.compile(r"(?<![A-Za-z])[lI|](?=\d)"), "1"),
    (re.compile(r"(?<=\d)[lI|](?=" + NUMBER_FOLLOWER + ")"), "1"),
    # a decimal point read as a comma or a full stop of Chinese text between two digits before a unit:
    # "增长5，2%" "6。8亿元" (a thousands comma has three digits after it)
    (re.compile(r"(?<=\d)[，。．·](?=\d{1,2}(?:[%％‰]|[万亿]?元|万|亿))"), "."),
    # a number's digits split by a space: "126 万亿元" "5. 2%"
    (re.compile(r"(?<=\d) +(?=[\d.%％万亿])"), ""),
    (re.compile(r"(?<=\d\.) +(?=\d)"), ""),
    # a percent sign read as a full-width one, which the extractor reads too, but the cleaner's rules expect %
    (re.compile(r"％"), "%"),
)


def normalise_line(text: str) -> str:
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text.strip()
