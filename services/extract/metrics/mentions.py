"""Find number-with-unit mentions in cleaned text and drop the ones that never measure anything."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from services.extract.metrics import numbers
from services.extract.metrics.boundaries import Boundaries
from services.extract.metrics.patterns import (
    CN_BARE_COUNT_AFTER,
    CN_BARE_COUNT_BEFORE,
    CN_NOT_COUNT_AFTER,
    CN_NOT_COUNT_UNITS,
    CN_ONE_IDIOM_UNITS,
    CN_PLACE_AFTER,
    DISTANCE_AFTER,
    DISTANCE_BEFORE,
    DISTANCE_UNITS,
    FREQUENCY_BEFORE,
    FREQUENCY_UNITS,
    HEDGE_BEFORE,
    IMPLIED_HEDGES,
    IMPLIED_MENTION,
    IMPLIED_UNIT_NOUNS,
    MENTION,
    NOT_METRIC_AFTER,
    NOT_METRIC_BEFORE,
    NOT_UNIT_AFTER,
    PER_BEFORE,
    PHASE_LABEL_BEFORE,
    RULE_BEFORE,
    SAMPLE_AFTER,
    SESSION_BEFORE,
    SIZE_CLASS_AFTER,
    THRESHOLD_AFTER,
    THRESHOLD_HEDGES,
)
from services.extract.metrics.units import HEDGED_UNITS, RATED_DEVICES, RATING_UNITS, UNIT_ALIASES
from shared.chinese import (
    CLAUSE_BREAKS,
    CLOSE_QUOTES,
    CN_DIGIT_VALUES,
    COLONS,
    COMMAS,
    HAN_CLASS,
    OPEN_QUOTES,
)

_CN_HAS_DIGIT = re.compile(f"[{''.join(CN_DIGIT_VALUES)}十]")
_ANY_OPEN_QUOTE = re.compile(f"[{OPEN_QUOTES}]")
_SIGN_AFTER = re.compile(f"[{HAN_CLASS}{COLONS}{COMMAS}(（]-")
_RATED_THING = re.compile("|".join(RATED_DEVICES))  # the device right after the unit
_ENUMERATION_BREAK = re.compile(f"[{CLAUSE_BREAKS}]")
_PLACE_NAME_UNITS = {"场", "台", "家", "口", "间"}
_SHORT_QUOTE = 12  # quoted strings up to this length are names and slogans ("1+13+6", "四个不摘")


@dataclass(slots=True)
class Mention:
    start: int  # cleaned-text offsets of the whole mention (hedges included)
    end: int
    number_start: int
    value: float | None
    value_max: float | None
    value_min: float | None
    unit: str
    approx: bool
    placeholder: bool
    chinese: bool


def find_mentions(text: str, bounds: Boundaries) -> list[Mention]:
    """Every number+unit mention of ``text`` (cleaned: half-width digits, letters and signs) that can be a metric, in order."""
    found: list[Mention] = []
    for match in MENTION.finditer(text):
        mention = _read(text, bounds, match)
        if mention is not None:
            found.append(mention)
    implied = _implied(text, found)
    if implied:
        found = sorted(found + implied, key=lambda m: m.start)
    ones = _ChineseOnes(found)
    return [m for m in found if not m.chinese or _chinese_count_ok(text, bounds, m, ones)]


class _ChineseOnes:
    """The Chinese-numeral "一" counts of a text by unit, in start order: a sentence's siblings are found by
    bisection instead of a scan of every mention (a long document has tens of thousands)."""

    def __init__(self, found: list[Mention]):
        by_unit: dict[str, list[Mention]] = {}
        for m in sorted((m for m in found if m.chinese and m.value == 1), key=lambda m: m.start):
            by_unit.setdefault(m.unit, []).append(m)
        self._by_unit = {unit: ([m.start for m in ms], ms) for unit, ms in by_unit.items()}

    def starting_within(self, unit: str, start: int, end: int) -> list[Mention]:
        """The counts of ``unit`` that start in [start, end]."""
        starts, mentions = self._by_unit.get(unit, ((), ()))
        return list(mentions[bisect_left(starts, start):bisect_right(starts, end)])


def _implied(text: str, found: list[Mention]) -> list[Mention]:
    """Money and population figures written without their unit ("投资3737万的…", "总人口近79万")."""
    out: list[Mention] = []
    taken = _Spans([(m.start, m.end) for m in found])
    for match in IMPLIED_MENTION.finditer(text):
        hedge = match["hedge"]
        if match["bare"] and hedge not in IMPLIED_HEDGES:  # "投资千万" alone is no figure; "过千万" is
            continue
        start = match.start("hedge") if hedge in IMPLIED_HEDGES else match.start("number") if match["number"] \
            else match.start("bare")
        end = match.end()
        if taken.overlaps(start, end):
            continue
        if match["bare"]:
            value = numbers.multiplier(match["bare"])
        else:
            parsed = numbers.parse_number(match["number"])
            if parsed is None:
                continue
            value = parsed * numbers.multiplier(match["mult"])
        out.append(Mention(start=start, end=end, number_start=start, value=value, value_max=None, value_min=None,
                           unit=IMPLIED_UNIT_NOUNS[match["noun"]], approx=hedge in IMPLIED_HEDGES,
                           placeholder=False, chinese=False))
    return out


class _Spans:
    """Spans looked up for overlap by bisection: sorted by start, with the furthest end reached so far."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._reach: list[int] = []
        for _, e in spans:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span (s, e) has s < end and start < e."""
        n = bisect_left(self._starts, end)  # the spans with s < end
        return n > 0 and self._reach[n - 1] > start


def _read(text: str, bounds: Boundaries, match: re.Match) -> Mention | None:
    number, unit = match["number"], match["unit"]
    in_words = number is None  # "百分之五"
    if in_words:
        number, unit = match["percent_number"], "%"
    else:
        unit += match["per"] or ""
    end = match.end()
    following = NOT_UNIT_AFTER.get(unit)
    if following and following.match(text, end):  # after any hedge too: "3个多月"
        return None
    start = match.start()
    before = text[max(0, start - 1):start]
    unit_end = match.end() if in_words else match.end("unit")  # a qualifier may follow the unit: "10万元以上的"
    # a minus sign after a word, not between numbers ("增速-4.7%", but "1-5月份")
    negative = before == "-" and _SIGN_AFTER.match(text, max(0, start - 2))
    if (NOT_METRIC_BEFORE.search(before) and not negative) or NOT_METRIC_AFTER.match(text[unit_end:unit_end + 6]):
        return None
    if (match["mult"] or unit == "元") and SIZE_CLASS_AFTER.match(text, unit_end):
        return None  # "5万只以上养殖小区": a size class
    if unit in RATING_UNITS and _RATED_THING.match(text, end):  # "60千瓦变压器": a rating, not an amount
        return None
    if unit in DISTANCE_UNITS and (DISTANCE_AFTER.match(text, end) or DISTANCE_BEFORE.search(
            text, max(bounds.clauses.start_before(start), start - 12), start)):
        return None
    if unit == "%" and SAMPLE_AFTER.match(text, end):
        return None
    if unit == "期" and PHASE_LABEL_BEFORE.search(before):
        return None
    if before.isdigit():
        return None
    if _inside_short_quote(text, start, end) or _alone_in_brackets(text, start, end):
        return None
    if unit in FREQUENCY_UNITS and FREQUENCY_BEFORE.search(text[max(0, start - 6):start]):
        return None
    if text.find("每", max(0, start - 12), start) >= 0 and RULE_BEFORE.search(text, max(0, start - 12), start):
        return None
    if unit == "次" and SESSION_BEFORE.search(text[max(0, start - 5):start]):
        return None
    chinese = numbers.is_chinese(number)
    if chinese and not _CN_HAS_DIGIT.search(number) and not (in_words and number == "百"):  # 百分之百
        return None
    placeholder = numbers.is_placeholder(number)
    scale = numbers.multiplier(match["mult"], match["mult2"]) * (-1 if negative else 1)
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
    if hedged_before and THRESHOLD_HEDGES.search(hedged_before.group()) and THRESHOLD_AFTER.match(text, end):
        return None  # "纳税超过10万元的企业": the threshold of a category
    per = None
    if not hedged_before and text.find("每", max(0, start - 5), start) >= 0:
        per = PER_BEFORE.search(text, max(0, start - 5), start)
    if per and unit not in ("%", "‰", "个百分点"):  # "每平方公里48人" → 48 人/平方公里
        unit = f"{unit}/{per['per']}"
        start = per.start()
    approx = bool(
        hedged_before or match["hedge_in"] or match["hedge_mid"] or match["hedge_out"] or match["hedge_pct"]
        or value_max is not None
        or unit in HEDGED_UNITS
    )
    if hedged_before:
        start = start - len(hedged_before.group())
    if negative:
        start -= 1
    return Mention(
        start=start,
        end=end,
        number_start=match.start() if in_words else match.start("number"),
        value=value_max if value_max is not None else value,
        value_max=value_max,
        value_min=value if value_max is not None else None,
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


def _chinese_count_ok(text: str, bounds: Boundaries, mention: Mention, ones: _ChineseOnes) -> bool:
    """Chinese-numeral counts are mostly slogans and idioms; keep the ones that read as counts."""
    after = text[mention.end:mention.end + 6]
    if not mention.value or CN_NOT_COUNT_AFTER.match(after):
        return False
    before = text[mention.number_start - 1] if mention.number_start else ""
    if mention.unit in CN_NOT_COUNT_UNITS and not (CN_BARE_COUNT_AFTER.match(after) and before
                                                   and before in CN_BARE_COUNT_BEFORE):
        return False
    if mention.unit in _PLACE_NAME_UNITS and CN_PLACE_AFTER.match(after):  # "南邻四场镇"
        return False
    if before and before in "每这那前后上下近届次之唯统数几" and not (before == "近" and mention.unit == "倍"):
        # "数十个": vague, not a count; but "增加近一倍" is a multiple
        return False
    if before and before in CLOSE_QUOTES:  # "“古镇”“古树”三张名片": the quoted items' label
        return False
    if _inside_quote(text, bounds, mention.start, mention.end):
        return False
    if mention.value != 1 or mention.unit == "倍":  # "增长一倍" is a multiple, not an article
        return True
    if mention.unit in CN_ONE_IDIOM_UNITS:
        return False
    # "一家规上企业、一家限上商贸、一家大个体": a "一" counts only beside sibling counts of the same unit.
    sentence_start = bounds.sentences.start_before(mention.start)
    sentence_end = bounds.sentences.end_after(mention.end)
    # The items of an enumeration are set apart by 、 or ，; "一个项目一个领导一班人马" is a slogan.
    siblings = [m for m in ones.starting_within(mention.unit, sentence_start, sentence_end)
                if m is not mention and m.end <= sentence_end
                and _ENUMERATION_BREAK.search(text, min(m.end, mention.end), max(m.start, mention.start))]
    return bool(siblings)
