"""Find number-with-unit mentions in cleaned text and drop the ones that never measure anything."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.extract.metrics import numbers
from services.extract.metrics.boundaries import Boundaries
from services.extract.metrics.patterns import (
    CLOSE_QUOTES,
    CN_NOT_COUNT_AFTER,
    CN_NOT_COUNT_UNITS,
    CN_ONE_IDIOM_UNITS,
    FREQUENCY_BEFORE,
    FREQUENCY_UNITS,
    FULLWIDTH,
    HEDGE_BEFORE,
    MENTION,
    NOT_METRIC_AFTER,
    NOT_METRIC_BEFORE,
    NOT_UNIT_AFTER,
    OPEN_QUOTES,
    SESSION_BEFORE,
    UNIT_ALIASES,
)

_CN_HAS_DIGIT = re.compile("[零〇一二两三四五六七八九十]")
_HAS_FULLWIDTH = re.compile("[" + "".join(map(chr, FULLWIDTH)) + "]")
_ANY_OPEN_QUOTE = re.compile(f"[{OPEN_QUOTES}]")
_SHORT_QUOTE = 12  # quoted strings up to this length are names and slogans ("1+13+6", "四个不摘")


@dataclass(slots=True)
class Mention:
    start: int  # cleaned-text offsets of the whole mention (hedges included)
    end: int
    number_start: int
    value: float | None
    value_max: float | None
    unit: str
    approx: bool
    placeholder: bool
    chinese: bool


def normalize(text: str) -> str:
    """A same-length copy with full-width digits, letters and signs turned into ASCII."""
    # translate() looks every character up in a dict; replacing only the few full-width ones is faster
    return _HAS_FULLWIDTH.sub(_to_ascii, text)


def _to_ascii(match: re.Match) -> str:
    return chr(FULLWIDTH[ord(match.group())])


def find_mentions(text: str, bounds: Boundaries) -> list[Mention]:
    """Every number+unit mention of ``text`` (already ``normalize``d) that can be a metric, in order."""
    found: list[Mention] = []
    for match in MENTION.finditer(text):
        mention = _read(text, match)
        if mention is not None:
            found.append(mention)
    return [m for m in found if not m.chinese or _chinese_count_ok(text, bounds, m, found)]


def _read(text: str, match: re.Match) -> Mention | None:
    number, unit = match["number"], match["unit"]
    in_words = number is None  # "百分之五"
    if in_words:
        number, unit = match["percent_number"], "%"
    end = match.end()
    following = NOT_UNIT_AFTER.get(unit)
    if following and following.match(text, end):  # after any hedge too: "3个多月"
        return None
    start = match.start()
    before = text[max(0, start - 1):start]
    unit_end = match.end() if in_words else match.end("unit")  # a qualifier may follow the unit: "10万元以上的"
    if NOT_METRIC_BEFORE.search(before) or NOT_METRIC_AFTER.match(text[unit_end:unit_end + 6]):
        return None
    if before.isdigit():
        return None
    if _inside_short_quote(text, start, end) or _alone_in_brackets(text, start, end):
        return None
    if unit in FREQUENCY_UNITS and FREQUENCY_BEFORE.search(text[max(0, start - 6):start]):
        return None
    if unit == "次" and SESSION_BEFORE.search(text[max(0, start - 5):start]):
        return None
    chinese = numbers.is_chinese(number)
    if chinese and not _CN_HAS_DIGIT.search(number) and not (in_words and number == "百"):  # 百分之百
        return None
    placeholder = numbers.is_placeholder(number)
    scale = numbers.multiplier(match["mult"])
    value = value_max = None
    if not placeholder:
        parsed = numbers.parse_number(number)
        if parsed is None:
            return None
        value = parsed * scale
        if match["number_max"]:
            upper = numbers.parse_number(match["number_max"])
            if upper is None or upper < parsed:
                return None
            value_max = upper * scale
    hedged_before = HEDGE_BEFORE.search(text[max(0, start - 3):start])
    approx = bool(
        hedged_before or match["hedge_in"] or match["hedge_mid"] or match["hedge_out"] or value_max is not None
    )
    if hedged_before:
        start = start - len(hedged_before.group())
    return Mention(
        start=start,
        end=end,
        number_start=match.start() if in_words else match.start("number"),
        value=value_max if value_max is not None else value,
        value_max=value_max,
        unit=UNIT_ALIASES.get(unit, unit),
        approx=approx,
        placeholder=placeholder,
        chinese=chinese,
    )


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    window_start = max(0, start - _SHORT_QUOTE)
    if not _ANY_OPEN_QUOTE.search(text, window_start, start):
        return False
    opening = max(text.rfind(q, window_start, start) for q in OPEN_QUOTES)
    if opening < 0:
        return False
    if any(text.find(q, opening + 1, start) >= 0 for q in CLOSE_QUOTES):
        return False
    closing = min((i for q in CLOSE_QUOTES if (i := text.find(q, end, opening + _SHORT_QUOTE + 2)) >= 0), default=-1)
    return closing >= 0


def _alone_in_brackets(text: str, start: int, end: int) -> bool:
    """A bracketed number on a line of its own ("（3篇）" under a compilation's title) is a note, not a metric."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return line[:1] in "（(" and line[-1:] in "）)" and len(line) - (end - start) <= 2


def _inside_quote(text: str, bounds: Boundaries, start: int, end: int) -> bool:
    """Whether the span sits inside a quotation that opens and closes in its sentence."""
    sentence_start = bounds.sentences.start_before(start)
    opening = max(text.rfind(q, sentence_start, start) for q in OPEN_QUOTES)
    if opening < 0 or any(text.find(q, opening + 1, start) >= 0 for q in CLOSE_QUOTES):
        return False
    sentence_end = bounds.sentences.end_after(end)
    return any(text.find(q, end, sentence_end) >= 0 for q in CLOSE_QUOTES)


def _chinese_count_ok(text: str, bounds: Boundaries, mention: Mention, found: list[Mention]) -> bool:
    """Chinese-numeral counts are mostly slogans and idioms; keep the ones that read as counts."""
    after = text[mention.end:mention.end + 6]
    if not mention.value or mention.unit in CN_NOT_COUNT_UNITS or CN_NOT_COUNT_AFTER.match(after):
        return False
    before = text[mention.number_start - 1] if mention.number_start else ""
    if before and before in "每这那前后上下近届次之唯统数几":  # "数十个": vague, not a count
        return False
    if _inside_quote(text, bounds, mention.start, mention.end):
        return False
    if mention.value != 1:
        return True
    if mention.unit in CN_ONE_IDIOM_UNITS:
        return False
    # "一家规上企业、一家限上商贸、一家大个体": a "一" counts only beside sibling counts of the same unit.
    sentence_start = bounds.sentences.start_before(mention.start)
    sentence_end = bounds.sentences.end_after(mention.end)
    siblings = [m for m in found if m is not mention and m.unit == mention.unit
                and sentence_start <= m.start and m.end <= sentence_end and m.chinese]
    return bool(siblings)
