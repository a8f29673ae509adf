"""Turn the number part of a mention into a float: arabic with separators, OCR-garbled digits, Chinese numerals."""

from __future__ import annotations

from functools import lru_cache

from services.extract.metrics.patterns import (
    ARABIC_RE,
    CHINESE_RE,
    LETTER_SPACED_RE,
    MULTIPLIERS,
    OCR_DIGITS,
    OCR_RE,
    PLACEHOLDER_RE,
    SPACED_DECIMAL_RE,
)
from shared.chinese import CN_DIGIT_VALUES, CN_UNIT_VALUES


def is_placeholder(number: str) -> bool:
    return bool(PLACEHOLDER_RE.match(number))


def is_chinese(number: str) -> bool:
    return bool(CHINESE_RE.match(number))


def parse_number(number: str) -> float | None:
    """The value of a written number without its multiplier, or None when it is not a number."""
    if ARABIC_RE.match(number):
        return float(number.replace(",", "").replace("，", ""))
    if LETTER_SPACED_RE.match(number) and number.count(" ") >= 2:  # "7 4 7 7 2", "8 5 " (before its unit)
        return float(number.replace(" ", ""))
    if SPACED_DECIMAL_RE.match(number):  # "5 9亿元": the decimal point was lost to a space
        return float(number.replace(" ", "."))
    if OCR_RE.match(number):
        repaired = "".join(OCR_DIGITS.get(ch, ch) for ch in number)
        return float(repaired) if ARABIC_RE.match(repaired) else None
    if CHINESE_RE.match(number):
        return _parse_chinese(number)
    return None


_SIMPLE_CN = {ch: float(value) for ch, value in CN_DIGIT_VALUES.items()} | {"十": 10.0}
_BARE_UNITS = "".join(unit for unit in CN_UNIT_VALUES if unit != "十")  # 百千万亿 (a bare 十 is read above)


@lru_cache(maxsize=1024)
def _parse_chinese(number: str) -> float | None:
    for point in "点點":
        if point in number:  # "十四点七": cn2an reads the integer part, the digits after 点 are read one by one
            whole, fraction = number.split(point, 1)
            integer = _parse_chinese(whole) if whole else 0.0
            digits = "".join(str(int(_SIMPLE_CN[ch])) for ch in fraction if ch in _SIMPLE_CN and ch != "十")
            if integer is None or len(digits) != len(fraction):
                return None
            return integer + float("0." + digits)
    if number in _SIMPLE_CN:  # most Chinese counts are one character; cn2an takes ~0.3 ms a call
        return _SIMPLE_CN[number]
    # cn2an's "smart" mode also reads 两 and mixed forms; it raises ValueError on strings it cannot read.
    if number[0] in _BARE_UNITS:  # "百分之百": a bare unit numeral means one of it
        number = "一" + number
    import cn2an  # imported on first use: it takes about 0.15 s

    try:
        value = cn2an.cn2an(number, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return float(value)


def clear_cache() -> None:
    _parse_chinese.cache_clear()


def multiplier(mult: str | None, mult2: str | None = None) -> float:
    return (MULTIPLIERS[mult] if mult else 1.0) * (MULTIPLIERS[mult2] if mult2 else 1.0)
