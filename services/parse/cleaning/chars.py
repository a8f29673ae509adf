"""Character-level rules: width, traditional script, OCR digits, stray spaces and line ends."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import opencc

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit

_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def normalize_controls(text: str) -> list[Edit]:
    """Line-break controls become "\n" ("\r\n" loses its "\r", so "\n" maps to the raw "\n"); others go."""
    edits = []
    for match in rules.CONTROL_CHARS.finditer(text):
        start = match.start()
        if match.group() == "\r" and text.startswith("\n", start + 1):
            edits.append(Edit(start, start + 1))
        elif match.group() in rules.LINE_BREAK_CONTROLS:
            edits.append(Edit(start, start + 1, "\n"))
        else:
            edits.append(Edit(start, start + 1))
    return edits


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def remove_stray_spaces(text: str) -> list[Edit]:
    """Spaces at a line's start or end, and spaces between two CJK characters (PDF extraction: "工 作")."""
    edits = []
    last = len(text)
    for start, end in _space_runs(text):
        before = text[start - 1] if start else "\n"
        after = text[end] if end < last else "\n"
        if before == "\n" or after == "\n" or (_is_cjk(before) and _is_cjk(after)):
            edits.append(Edit(start, end))
    return edits


def _space_runs(text: str) -> list[tuple[int, int]]:
    """Runs of horizontal space, found with str.find (much faster than a regex scan on CJK text)."""
    positions = []
    for space in rules.HSPACE:
        pos = text.find(space)
        while pos >= 0:
            positions.append(pos)
            pos = text.find(space, pos + 1)
    runs: list[tuple[int, int]] = []
    for pos in sorted(positions):
        if runs and runs[-1][1] == pos:
            runs[-1] = (runs[-1][0], pos + 1)
        else:
            runs.append((pos, pos + 1))
    return runs


def to_halfwidth(text: str) -> str:
    text = rules.FULLWIDTH_RUN.sub(lambda m: m.group().translate(rules.FULLWIDTH_TABLE), text)
    return rules.FULLWIDTH_DECIMAL_POINT.sub(".", text)


def fix_ocr_digits(text: str) -> str:
    """Read I/l as 1 and O/o as 0 inside numbers ("IlOO多万元" → "1100多万元")."""
    edits = []
    done = 0
    for hit in rules.OCR_LETTER.finditer(text):
        if hit.start() < done:
            continue
        start, end = hit.start(), hit.end()
        while start and text[start - 1] in rules.OCR_RUN_CHARS:
            start -= 1
        while end < len(text) and text[end] in rules.OCR_RUN_CHARS:
            end += 1
        done = end
        number = _ocr_number(text, start, end)
        if number is not None:
            edits.append(Edit(start, end, number))
    if not edits:
        return text
    pieces, pos = [], 0
    for start, end, number in edits:
        pieces += [text[pos:start], number]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _ocr_number(text: str, start: int, end: int) -> str | None:
    """The number a run of digits, I/l/O/o and points stands for, or None when it is not a misread number."""
    while start < end and text[start] == ".":
        start += 1
    while end > start and text[end - 1] == ".":
        end -= 1
    run = text[start:end]
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if not run or rules.LATIN_OR_DIGIT.match(before) or rules.LATIN_OR_DIGIT.match(after) or ".." in run:
        return None  # part of a word or code ("GDP", "Illinois", "PM2.5")
    number = run.translate(rules.OCR_DIGIT_TABLE)
    if len(number) > 1 and number[0] == "0" and number[1] != ".":
        return None  # numbers have no leading zero: "月o2023年" is a misread full stop, not 02023
    only_letters = not any(ch.isdigit() for ch in run)
    if only_letters and (
        len(run) < 2 or not after or after not in rules.NUMBER_FOLLOWERS or not {"I", "l"} & set(run)
    ):
        return None  # letters alone read as a number only before a unit or hedge ("IlOO多万元")
    return number


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _traditional_chars() -> re.Pattern[str]:
    """Every ideograph that OpenCC t2s changes on its own; text without any of them needs no conversion."""
    chars = [chr(code) for start, stop in _CJK_RANGES for code in range(start, stop)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    changed = "".join(ch for ch, out in zip(chars, converted, strict=True) if ch != out)
    return re.compile(f"[{changed}]")


def to_simplified(text: str) -> str | list[Edit]:
    """Traditional → simplified with OpenCC t2s, line by line where traditional characters occur."""
    pattern = _traditional_chars()
    if not pattern.search(text):
        return text
    convert = _converter().convert
    edits: list[Edit] = []
    line_start = 0
    for line in text.split("\n"):
        if pattern.search(line):
            edits += simplify_line(line, line_start, convert)
        line_start += len(line) + 1
    return edits


def simplify_line(line: str, start: int, convert: Callable[[str], str]) -> list[Edit]:
    """Edits converting one line that starts at ``start``.

    t2s maps character for character in practice; should a phrase conversion change the length, the line is
    converted one character at a time so every output character still maps to its own source character.
    """
    out = convert(line)
    if len(out) == len(line):
        return [Edit(start, start + len(line), out)]
    edits = []
    for i, ch in enumerate(line):
        single = convert(ch)
        if single != ch:
            edits.append(Edit(start + i, start + i + 1, single))
    return edits
