"""Character-level rules: controls and line ends, width, traditional script, stray spaces, OCR digits."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache

import opencc

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit, apply_text_edits
from shared.chinese import HAN_RANGES

_HAN = frozenset(chr(code) for start, stop in HAN_RANGES for code in range(start, stop))


def normalize_characters(text: str) -> list[Edit]:
    """Controls, full-width digits/letters/％ and traditional characters, found in one scan of the text.

    Line-break controls become "\n" ("\r\n" loses its "\r", so "\n" maps to the raw "\n") and other controls
    go; full-width characters become half-width; lines holding traditional characters go through OpenCC t2s.
    Same-length changes are made in as few edits as possible (a run of full-width digits, the stretch of a
    line between two other edits): they leave the offset map alone, but every edit object costs.
    """
    edits: list[Edit] = []
    traditional_lines: list[tuple[int, int]] = []
    search = _special_chars().search
    run_at = _width_or_control_run().match
    traditional = _traditional_set()
    hit = search(text)
    while hit:
        pos = hit.start()
        if text[pos] in traditional:
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            traditional_lines.append((start, end))
            for run in _width_or_control_run().finditer(text, pos, end):
                edits += _run_edits(text, run)
        else:
            run = run_at(text, pos)
            edits += _run_edits(text, run)
            end = run.end()
        hit = search(text, end)
    if not traditional_lines:
        return edits
    return sorted(edits + _simplify_lines(text, traditional_lines, edits))


def _run_edits(text: str, run: re.Match[str]) -> list[Edit]:
    """Edits for a run of full-width characters and controls."""
    start, end = run.span()
    chars = run.group()
    if not rules.CONTROL_CHARS.search(chars):
        half = _half_width(text, start, chars)
        return [Edit(start, end, half)] if half != chars else []
    edits = []
    for pos in range(start, end):  # a control among them: character by character
        ch = text[pos]
        if ch == "\r" and text.startswith("\n", pos + 1):
            edits.append(Edit(pos, pos + 1))
        elif ch in rules.LINE_BREAK_CONTROLS:
            edits.append(Edit(pos, pos + 1, "\n"))
        elif rules.CONTROL_CHARS.match(ch):
            edits.append(Edit(pos, pos + 1))
        elif (half := _half_width(text, pos, ch)) != ch:
            edits.append(Edit(pos, pos + 1, half))
    return edits


def _half_width(text: str, start: int, run: str) -> str:
    """A run of full-width characters in half width; a full-width point only between digits ("6．28", and
    "8 ．8 %" of a letter-spaced line)."""
    half = run.translate(rules.FULLWIDTH_TABLE)
    if "．" not in run:
        return half
    chars = list(half)
    for i, ch in enumerate(run):
        pos = start + i
        if ch == "．" and _digit_before(text, pos) and _digit_after(text, pos + 1):
            chars[i] = "."
    return "".join(chars)


def _digit_before(text: str, end: int) -> bool:
    """Whether a digit stands before ``end``, spaces between allowed."""
    pos = end - 1
    while pos >= 0 and text[pos] in rules.HSPACE:
        pos -= 1
    return pos >= 0 and text[pos].isdigit()


def _digit_after(text: str, start: int) -> bool:
    """Whether a digit stands at ``start``, spaces before it allowed."""
    pos = start
    while pos < len(text) and text[pos] in rules.HSPACE:
        pos += 1
    return pos < len(text) and text[pos].isdigit()


def _simplify_lines(text: str, lines: list[tuple[int, int]], taken: list[Edit]) -> list[Edit]:
    """Edits turning the given lines into simplified script, around the ``taken`` edits (sorted) of controls
    and width, whose own edits stand."""
    convert = converter().convert
    edits: list[Edit] = []
    for start, end in lines:
        line = text[start:end]
        out = convert(line)
        first = bisect_left(taken, (start,))
        inside = taken[first : bisect_left(taken, (end,), first)]
        if len(out) == len(line):
            edits += _changed_stretches(text, out, start, end, inside)
        else:  # controls are not handed to OpenCC; their own edits stand
            edits += [e for e in simplify_line(line, start, convert) if not _within(e.start, inside)]
    return edits


def _changed_stretches(text: str, out: str, start: int, end: int, taken: list[Edit]) -> list[Edit]:
    """One same-length edit per stretch of the line between the taken edits in which t2s changed something."""
    edits = []
    pos = start
    for stop, resume in [(e.start, e.end) for e in taken] + [(end, end)]:
        if stop > pos and text[pos:stop] != out[pos - start : stop - start]:
            edits.append(Edit(pos, stop, out[pos - start : stop - start]))
        pos = max(pos, resume)
    return edits


def _within(pos: int, edits: list[Edit]) -> bool:
    return any(e.start <= pos < max(e.end, e.start + 1) for e in edits)


def _is_cjk(ch: str) -> bool:
    return ch in _HAN


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
def converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def traditional_chars() -> str:
    """Every ideograph that OpenCC t2s changes on its own; text without any of them needs no conversion."""
    chars = [chr(code) for start, stop in HAN_RANGES for code in range(start, stop)]
    converted = converter().convert("\n".join(chars)).split("\n")
    return "".join(ch for ch, out in zip(chars, converted, strict=True) if ch != out)


@cache
def _traditional_set() -> frozenset[str]:
    return frozenset(traditional_chars())


@cache
def _special_chars() -> re.Pattern[str]:
    """One character class for everything ``normalize_characters`` handles, so the text is scanned once (a
    single class is searched with the regex engine's fast scan; an alternation or a repeat is tried at every
    position)."""
    return re.compile(f"[{rules.CHARACTER_CLASSES}．{traditional_chars()}]")


@cache
def _width_or_control_run() -> re.Pattern[str]:
    """A run of full-width characters, full-width points and controls, matched where the scan found one."""
    return re.compile(f"[{rules.CHARACTER_CLASSES}．]+")


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
