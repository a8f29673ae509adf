"""Find every quantitative indicator in a cleaned, sectioned report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.extract.metrics import naming, numbers
from services.extract.metrics.boundaries import Boundaries
from services.extract.metrics.context import Locator, has_target_cue, stated_year
from services.extract.metrics.mentions import Mention, find_mentions
from services.extract.metrics.patterns import (
    CHANGE_BEFORE,
    CHANGE_CANONICAL,
    CHANGE_FOR_LEVELS,
    COMPARED_CHANGE_BEFORE,
    SHARE_BEFORE,
)
from services.extract.metrics.respectively import pair_respectively
from services.extract.metrics.units import RATE_UNITS
from shared.chinese import CN_COUNTING
from shared.document import CleanText, Metric, Outline

__all__ = ["clear_caches", "extract_metrics"]

_RATE_UNITS = RATE_UNITS
_BREAKDOWN = "其中"
_NAMED_BY_NEXT = "\0"  # marks a number that takes the name of the number right after it
_PENDING = "\1"  # marks a placeholder not named yet
_NOT_NAMES_YET = (_NAMED_BY_NEXT, _PENDING)
_HEADING_NUMBER = re.compile(rf"^\s*(?:[(（]?[{CN_COUNTING}\d]+[)）、.．]?|第[{CN_COUNTING}]+部分)\s*")


def clear_caches() -> None:
    """Forget memoised tagging and numeral parsing (benchmarks call it so repeated runs do real work)."""
    naming.clear_cache()
    numbers.clear_cache()


def extract_metrics(clean: CleanText, outline: Outline, include_placeholders: bool = False) -> list[Metric]:
    """One Metric per number that measures something, in text order.

    ``clean`` is the cleaner's output (services.parse.cleaning.clean_text): extraction normalises no characters
    of its own and reads digits, Latin letters and signs half-width, Chinese punctuation as the cleaner keeps it.

    Placeholders ("XX万元") are read too, since they carry names for the rates after them, but are returned
    only with ``include_placeholders`` (value None, placeholder True).
    """
    text = clean.text  # the cleaner normalised the characters: extraction reads cleaned text only
    bounds = Boundaries(text)
    locator = Locator(clean.text, outline)
    mentions = find_mentions(text, bounds)
    metrics: list[Metric] = []  # one per mention, placeholders included until the end
    sentence: list[_Seen] = []  # earlier mentions of the current sentence
    # Naming is the costly part; a placeholder left out of the result is named only if a rate needs it.
    pending: dict[int, str] = {}
    for i, mention in enumerate(mentions):
        starts_at = bounds.sentences.start_before(mention.start)
        sentence = [seen for seen in sentence if seen.mention.end > starts_at]
        next_start = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        if mention.placeholder and not include_placeholders:
            seen = _placeholder(text, bounds, mention, sentence, pending)
        else:
            seen = _metric(clean, text, bounds, locator, mention, sentence, next_start, pending)
        sentence.append(seen)
        if len(sentence) >= 2 and sentence[-2].metric.name == _NAMED_BY_NEXT:
            sentence[-2].metric.name = seen.metric.name
        metrics.append(seen.metric)
    for metric in metrics:
        if metric.name in (_NAMED_BY_NEXT, _PENDING):  # the number after had no name to give
            metric.name = ""
    pair_respectively(text, mentions, metrics)
    _name_the_unnamed(text, mentions, metrics)
    return [m for m in metrics if include_placeholders or not m.placeholder]


def _name_the_unnamed(text: str, mentions: list[Mention], metrics: list[Metric]) -> None:
    """A metric never goes without a name. One whose sentence names nothing ("…。增长11.3%", "为6%以上") is
    about the indicator its paragraph last named, else about its section's subject."""
    last_named: tuple[int, str] | None = None  # (offset, name)
    for mention, metric in zip(mentions, metrics, strict=True):
        if naming.is_name(metric.name) and metric.name not in _NOT_NAMES_YET:
            last_named = (mention.end, metric.name)
            continue
        if last_named is not None and text.find("\n", last_named[0], mention.start) < 0:  # same paragraph
            metric.name = last_named[1]
        elif metric.section:
            metric.name = naming.strip_leading(_HEADING_NUMBER.sub("", metric.section))[:naming.MAX_NAME] or metric.name
        if not metric.name:  # no paragraph or section to borrow from: what the number measures, by its unit
            metric.name = metric.text.strip() or metric.unit


@dataclass
class _Seen:
    mention: Mention
    metric: Metric
    span_end: int  # cleaned offset where the text read for the metric ends


def _window(text: str, bounds: Boundaries, mention: Mention, sentence: list[_Seen]) -> tuple[int, str]:
    """Where the text before a number starts (its clause, after any earlier metric's span) and that text."""
    previous_end = sentence[-1].span_end if sentence else 0
    window_start = max(bounds.clauses.start_before(mention.start), min(previous_end, mention.start))
    return window_start, text[window_start:mention.start]


def _placeholder(text: str, bounds: Boundaries, mention: Mention, sentence: list[_Seen],
                 pending: dict[int, str]) -> _Seen:
    """A placeholder left out of the result: only what later numbers may borrow (name, unit, change)."""
    rate = mention.unit in _RATE_UNITS
    _, before_raw = _window(text, bounds, mention, sentence)
    metric = Metric(name=_PENDING, value=None, unit=mention.unit, approx=mention.approx, placeholder=True,
                    change=_change(before_raw, mention, rate, sentence[-1].metric if sentence else None))
    pending[id(metric)] = naming.strip_links(naming.drop_pinyin(before_raw), rate)
    return _Seen(mention, metric, mention.end)


def _metric(clean: CleanText, text: str, bounds: Boundaries, locator: Locator, mention: Mention,
            sentence: list[_Seen], next_start: int, pending: dict[int, str]) -> _Seen:
    rate = mention.unit in _RATE_UNITS
    window_start, before_raw = _window(text, bounds, mention, sentence)
    clause_end = bounds.clauses.end_after(mention.end)
    previous = _resolve(_named_by(text, mention, sentence), pending)
    change = _change(before_raw, mention, rate, sentence[-1].metric if sentence else None)
    # a change of a level ("财政收入5亿元，增长1.2亿元") is named like a rate: by the indicator it changes
    name, span_end = _name(text, mention, before_raw, rate or change is not None, previous,
                           min(clause_end, next_start))
    if not naming.is_name(name) and next_start - mention.end <= 1 and next_start < len(text):
        name = _NAMED_BY_NEXT  # "全乡263户887人享受最低生活保障": the pair shares the name read for the second
    elif not naming.is_name(name):
        name = _subject(text, bounds, mention, sentence) or name
    span_start = window_start + (len(before_raw) - len(before_raw.lstrip()))
    placement = locator.place(mention.start)
    target = placement.plan or has_target_cue(text, bounds, mention.start, placement.review_year)
    year = stated_year(text, bounds, mention.start)
    if year is None:
        if placement.plan:
            year = placement.plan_year
        elif not target:
            year = placement.review_year
    raw_start, raw_end = clean.raw_span(span_start, span_end)
    metric = Metric(
        name=name,
        value=mention.value,
        unit=mention.unit,
        approx=mention.approx,
        change=change,
        kind="target" if target else "actual",
        year=year,
        value_max=mention.value_max,
        value_min=mention.value_min,
        placeholder=mention.placeholder,
        section=placement.section.title if placement.section else None,
        text=clean.text[span_start:span_end],
        start=raw_start,
        end=raw_end,
    )
    return _Seen(mention, metric, span_end)


def _resolve(metric: Metric | None, pending: dict[int, str]) -> Metric | None:
    """Name a lazily named placeholder now that a later number takes its name."""
    if metric is not None and metric.name is _PENDING:
        metric.name = naming.name_before(pending.pop(id(metric), ""))
    return metric


def _named_by(text: str, mention: Mention, sentence: list[_Seen]) -> Metric | None:
    """The earlier metric of the sentence whose name an unnamed number takes ("31户71人", "同比增长2.4%").

    After a breakdown of two or more parts ("总产值X，其中A X，B X，同比增长7.1%") a rate belongs to the
    total before "其中".
    """
    if not sentence:
        return None
    if mention.unit in _RATE_UNITS:
        breakdown = text.rfind(_BREAKDOWN, sentence[0].mention.end, mention.start)
        parts = [seen for seen in sentence if seen.mention.start > breakdown]
        if breakdown >= 0 and len(parts) >= 2:
            before_breakdown = [seen.metric for seen in sentence if seen.mention.end <= breakdown]
            if before_breakdown:
                return before_breakdown[-1]
    return sentence[-1].metric


def _name(text: str, mention: Mention, before_raw: str, rate: bool, previous: Metric | None,
          after_end: int) -> tuple[str, int]:
    """The indicator name and the end of the span it was read from (the text after the number is read up to
    ``after_end``: the end of its clause or the next number)."""
    after = naming.drop_pinyin(text[mention.end:after_end])
    before_raw = naming.drop_pinyin(before_raw)
    # "提高到420元", "比1955年增加约34亿斤": a level reached by a change is named by what changed
    before = naming.strip_links(before_raw, rate, multiple=mention.unit == "倍")
    name = None
    if not rate and not mention.placeholder:  # a placeholder's name only serves the rates after it
        counted, verb_led = naming.name_after(after)
        if counted:
            # "V + 数 + 量 + N" counts N. But money right after a noun measures that noun ("资金2400万元谋划建设")
            # unless "的" ties it to the thing after ("投资1.4亿元的XX项目"), and a verb-led phrase after the
            # number ("资金70万元建设梯田灌溉") names it only when no noun phrase precedes.
            money = mention.unit == "元" and not after.startswith("的")
            if money or verb_led:
                name = naming.name_before(before)
            if not name or naming.ends_with_verb(before):
                verb = naming.verb_before(before_raw)
                found_at = text.find(counted, mention.end, after_end)  # -1 when pinyin was dropped inside
                end = found_at + len(counted) if found_at >= 0 else mention.end
                return verb + counted, end
    if name is None:
        changed = not rate and CHANGE_BEFORE.search(before_raw.rstrip()) is not None
        name = naming.name_before(naming.strip_links(before, True) if changed else before)
    if naming.is_name(name):
        return name, mention.end
    if previous is not None and naming.is_name(previous.name):
        return previous.name, mention.end
    rest = naming.clause_after(after)
    if naming.is_name(rest) or not name:
        return rest, mention.end + len(rest) if len(after) == after_end - mention.end else mention.end
    return name, mention.end  # only a relation word ("比重仅为31.2%"): the sentence's subject may replace it


def _subject(text: str, bounds: Boundaries, mention: Mention, sentence: list[_Seen]) -> str:
    """The indicator a sentence is about, for a number whose own clause names none ("工业总产值…，同比增长4.65%",
    "比一九八○年增加九十二亿元"): the named metric before it in the sentence, else the noun phrase that ends
    an earlier clause of the sentence, nearest first."""
    for seen in reversed(sentence):
        if naming.is_name(seen.metric.name) and seen.metric.name not in (_NAMED_BY_NEXT, _PENDING):
            return seen.metric.name
    sentence_start = bounds.sentences.start_before(mention.start)
    end = bounds.clauses.start_before(mention.start) - 1
    while end > sentence_start:
        start = bounds.clauses.start_before(end)
        name = naming.name_before(naming.strip_links(naming.drop_pinyin(text[start:end]), True))
        if naming.is_name(name):
            return name
        end = start - 1
    return ""


def _change(before_raw: str, mention: Mention, rate: bool, previous: Metric | None) -> str | None:
    change = _change_word(before_raw, mention, rate, previous)
    return CHANGE_CANONICAL.get(change, change) if change else change


def _change_word(before_raw: str, mention: Mention, rate: bool, previous: Metric | None) -> str | None:
    if mention.unit == "倍":  # web-set conventions: a multiple is a ratio ("为常年3倍", "增长一倍")
        return "率"
    found = CHANGE_BEFORE.search(before_raw)
    if rate:
        if found:
            return found["word"]
        if SHARE_BEFORE.search(before_raw):
            return "占比"
        if previous is not None and previous.unit == mention.unit and not before_raw.strip("、和及 "):
            return previous.change  # "分别增长9.7%、15.3%": the list shares its change word
        return "率"
    if found and found["word"] in CHANGE_FOR_LEVELS:
        return found["word"]
    compared = COMPARED_CHANGE_BEFORE.search(before_raw)
    return compared["word"] if compared else None
