"""Character-level rules: controls and line ends, width, traditional script, stray spaces, OCR digits."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import opencc

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit, apply_text_edits

_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def normalize_characters(text: str) -> list[Edit]:
    """Controls, full-width digits/letters/％ and traditional characters, found in one scan of the text.

    Line-break controls become "\n" ("\r\n" loses its "\r", so "\n" maps to the raw "\n") and other controls
    go; full-width characters become half-width; lines holding traditional characters go through OpenCC t2s.
    """
    edits: list[Edit] = []
    traditional_lines: list[int] = []  # a position in each line to convert
    for match in _special_chars().finditer(text):
        pos = match.start()
        ch = match.group()
        half = rules.FULLWIDTH_TABLE.get(ord(ch))
        if half is not None:
            edits.append(Edit(pos, pos + 1, chr(half)))
        elif ch == "．":
            if pos and pos + 1 < len(text) and text[pos - 1].isdigit() and text[pos + 1].isdigit():
                edits.append(Edit(pos, pos + 1, "."))  # a decimal point: "6．28公里"
        elif ch == "\r" and text.startswith("\n", pos + 1):
            edits.append(Edit(pos, pos + 1))
        elif ch in rules.LINE_BREAK_CONTROLS:
            edits.append(Edit(pos, pos + 1, "\n"))
        elif rules.CONTROL_CHARS.match(ch):
            edits.append(Edit(pos, pos + 1))
        else:
            traditional_lines.append(pos)
    if traditional_lines:
        edits += _simplify_lines(text, traditional_lines, {edit.start for edit in edits})
    return edits


def _simplify_lines(text: str, positions: list[int], taken: set[int]) -> list[Edit]:
    convert = _converter().convert
    edits: list[Edit] = []
    done_until = -1
    for pos in positions:
        if pos < done_until:
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        # controls are not handed to OpenCC; their own edits stand
        edits += [e for e in simplify_line(text[start:end], start, convert) if e.start not in taken]
        done_until = end
    return edits


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def remove_stray_spaces(text: str) -> list[Edit]:
    """Spaces at a line's start or end, between two CJK characters (PDF extraction: "工 作") and inside a
    letter-spaced line ("X X 市 2 0 2 3 年")."""
    edits = []
    last = len(text)
    spaced = _letter_spaced_lines(text)
    for start, end in _space_runs(text):
        before = text[start - 1] if start else "\n"
        after = text[end] if end < last else "\n"
        at_edge = before == "\n" or after == "\n"
        if at_edge or (_is_cjk(before) and _is_cjk(after)) or any(s <= start < e for s, e in spaced):
            edits.append(Edit(start, end))
    return edits


def _letter_spaced_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines set with a space after every character (PDF titles with wide tracking)."""
    if " " not in text and "\u3000" not in text:
        return []
    found = []
    for match in rules.LETTER_SPACED_LINE.finditer(text):
        chars = [ch for ch in match.group() if not ch.isspace()]
        if sum(map(_is_cjk, chars)) >= rules.LETTER_SPACED_MIN_CJK_SHARE * len(chars):
            found.append(match.span())
    return found


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
    return apply_text_edits(text, edits) if edits else text  # same-length replacements: the map stays


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
def _traditional_chars() -> str:
    """Every ideograph that OpenCC t2s changes on its own; text without any of them needs no conversion."""
    chars = [chr(code) for start, stop in _CJK_RANGES for code in range(start, stop)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    return "".join(ch for ch, out in zip(chars, converted, strict=True) if ch != out)


@cache
def _special_chars() -> re.Pattern[str]:
    """One character class for everything ``normalize_characters`` handles, so the text is scanned once."""
    return re.compile(f"[{rules.CHARACTER_CLASSES}．{_traditional_chars()}]")


def simplify_line(line: str, start: int, convert: Callable[[str], str]) -> list[Edit]:
    """Edits converting one line that starts at ``start``, one per changed character.

    t2s maps character for character in practice; should a phrase conversion change the length, the line is
    converted one character at a time so every output character still maps to its own source character.
    """
    out = convert(line)
    if len(out) == len(line):
        return [
            Edit(start + i, start + i + 1, new)
            for i, (old, new) in enumerate(zip(line, out, strict=True))
            if old != new
        ]
    edits = []
    for i, ch in enumerate(line):
        single = convert(ch)
        if single != ch:
            edits.append(Edit(start + i, start + i + 1, single))
    return edits
