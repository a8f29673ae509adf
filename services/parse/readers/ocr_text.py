"""Normalisation of OCR'd lines before the common cleaning: the errors OCR makes and a text layer never does.

Applied line by line by the OCR reader (readers.ocr). Each rule fires only where the character it replaces
cannot be meant: inside a number, between Chinese characters, in a word that has no other reading. The cases,
from real OCR output of scanned report pages (bench/ocr_accuracy.py --dump), are in tests/parse/test_ocr_text.py.
Letters read for digits inside numbers ("IlOO多万元") are left to the extractor, which reads them already
(services.extract.metrics.patterns.OCR_DIGITS).
"""

from __future__ import annotations

import re

from shared.chinese import HAN_CLASS

HAN = f"[{HAN_CLASS}]"

RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # spaces between Chinese characters, or between one and a digit or a colon: "第十四届 届全国" "各位代表 :"
    (re.compile(rf"(?<={HAN}) +(?={HAN}|[\d:：，。、；])"), ""),
    (re.compile(rf"(?<=[，。、；：]) +(?={HAN})"), ""),
    # an ASCII colon after Chinese text is the full-width one: "各位代表:现在"
    (re.compile(rf"(?<={HAN}):"), "："),
    # the dash "——" opening a line (a subtitle, a list item) read as hyphens and 一: "-一2024年3月5日"
    # "-2024年3月5日" "-一经济总体回升向好" (not a lone 一: "一是", "一年来" open lines too)
    (re.compile(rf"^(?:-一|一-|--|-)(?=\d{{4}}年|{HAN})"), "——"),
    # 入 read as 人 in words where 人 makes no sense: "财政收人" "投人使用" ("收人均" is 收 + 人均: left alone)
    (re.compile(r"(?<=[收投输纳融列流注转])人(?![均数次口员群民才力心士])"), "入"),
    (re.compile(r"(?<=深)人(?=[推开实贯学调挖人基落])"), "入"),
    # a closing quote read as the ASCII one after an opening “: "“两个中心"建设"
    (re.compile(r"(“[^”\"\n]{1,40})\""), r"\1”"),
    # a year whose digits were split by a decimal point: "1979、19.80两年"
    (re.compile(r"(?<![\d.])((?:19|20)\d?)\.(\d{1,2})(?=两?年)"), lambda m: m[1] + m[2] if len(m[1] + m[2]) == 4 else m[0]),
    # a percent sign followed by a stray 0 before punctuation: "占比达到28.6%0。"
    (re.compile(r"(?<=\d%)0(?=[。，；、])"), ""),
)


def normalise_line(text: str) -> str:
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text.strip()
