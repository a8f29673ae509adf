"""Pair the items of an "A、B分别…X、Y" sentence with its numbers, in order."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from services.extract.metrics import naming
from services.extract.metrics.mentions import Mention
from services.extract.metrics.patterns import (
    RESPECTIVELY,
    RESPECTIVELY_ITEM_SPLITS,
    RESPECTIVELY_LIST_GAP,
    SENTENCE_BREAKS,
)
from shared.chinese import COLONS, COMMAS
from shared.document import Metric

_SUBJECT_BREAKS = COMMAS + COLONS + SENTENCE_BREAKS
_SENTENCE_BREAKS = SENTENCE_BREAKS
_RATE_UNITS = {"%", "‰", "个百分点"}
_MAX_ITEMS = 8
_MAX_MODIFIER = 3  # characters of an item that qualifies a head it shares ("城镇", "农村", "中小")
_SUBJECT_BREAK = re.compile(f"[{re.escape(_SUBJECT_BREAKS)}]")


class _Text:
    """The text with its subject breaks and mention starts, looked up by bisection: a long document has
    thousands of "分别" lists and tens of thousands of mentions, and no list may cost a scan of them all."""

    def __init__(self, text: str, mentions: list[Mention]):
        self.text = text
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.in_order = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))
        self.breaks = [m.start() for m in _SUBJECT_BREAK.finditer(text)]  # sentence breaks are among them

    def last_break_before(self, offset: int, breaks: str) -> int:
        """max(text.rfind(b, 0, offset) for b in breaks), for a subset of the subject breaks."""
        i = bisect_left(self.breaks, offset) - 1
        while i >= 0 and self.text[self.breaks[i]] not in breaks:
            i -= 1
        return self.breaks[i] if i >= 0 else -1

    def mentions_from(self, offset: int) -> int:
        """The first mention index that can start at or after ``offset`` (0 when mentions are out of order)."""
        return bisect_left(self.starts, offset) if self.in_order else 0

    def mentions_to(self, offset: int) -> int:
        """Past the last mention index that can start at or before ``offset``."""
        return bisect_right(self.starts, offset) if self.in_order else len(self.starts)


def pair_respectively(text: str, mentions: list[Mention], metrics: list[Metric]) -> None:
    """Rename in place the metrics of each "分别" list whose item count matches its number count.

    ``mentions`` and ``metrics`` are parallel lists in text order. A rate later in the list takes the change
    word of the first ("分别增长9.7%、15.3%").
    """
    indexed: _Text | None = None
    for found in RESPECTIVELY.finditer(text):
        indexed = indexed or _Text(text, mentions)
        subject_start = indexed.last_break_before(found.start(), _SUBJECT_BREAKS) + 1
        subject = naming.drop_pinyin(text[subject_start:found.start()])
        for splitter in RESPECTIVELY_ITEM_SPLITS:  # "A、B和C" first; "住宿和餐饮业、批零业" if that fails
            items = [naming.strip_leading(part) for part in splitter.split(subject)]
            items = [item for item in items if item]
            group = _numbers_after(indexed, found.end(), len(items))
            if len(items) >= 2 and len(group) == len(items):
                break
        else:
            if subject.strip():
                continue
            # "接待游客156.8万人次，实现旅游收入12.3亿元，分别增长15.2%和18.6%": no subject, so the items are
            # the levels named earlier in the sentence, in order
            group = _numbers_after(indexed, found.end(), _MAX_ITEMS)
            items = _levels_before(indexed, metrics, found.start(), len(group))
            if len(group) < 2 or len(items) != len(group):
                continue
        items = _distribute_head(items)
        first_change = metrics[group[0]].change
        for index, item in zip(group, items, strict=True):
            metrics[index].name = item
            if metrics[index].change == "率" and first_change not in (None, "率"):
                metrics[index].change = first_change


def _distribute_head(items: list[str]) -> list[str]:
    """Give bare modifiers the head of the last item: "城镇和农村居民人均可支配收入" names 城镇居民人均可支配收入 and
    农村居民人均可支配收入. Parallel modifiers are written alike (城镇/农村, 中/小), so the last item's modifier is as long
    as the others and what follows it is the shared head."""
    last = items[-1]
    size = len(items[0])
    if size > _MAX_MODIFIER or any(len(item) != size for item in items[:-1]):
        return items
    head = last[size:]
    if len(head) < 2 * size or any(item in head for item in items[:-1]):
        return items
    return [item + head for item in items[:-1]] + [last]


def _levels_before(indexed: _Text, metrics: list[Metric], offset: int, wanted: int) -> list[str]:
    """Names of the last ``wanted`` levels (not rates) of the sentence before ``offset``, if they are distinct."""
    sentence_start = indexed.last_break_before(offset, _SENTENCE_BREAKS) + 1
    mentions = indexed.mentions
    names = [metrics[i].name for i in range(indexed.mentions_from(sentence_start), indexed.mentions_to(offset))
             if sentence_start <= mentions[i].start and mentions[i].end <= offset
             and metrics[i].unit not in _RATE_UNITS]
    names = names[-wanted:] if wanted else []
    return names if len(names) == wanted and len(set(names)) == wanted and all(names) else []


def _numbers_after(indexed: _Text, offset: int, wanted: int) -> list[int]:
    text, mentions = indexed.text, indexed.mentions
    group: list[int] = []
    position = offset
    for index in range(indexed.mentions_from(offset), len(mentions)):
        mention = mentions[index]
        if mention.start < position:
            continue
        gap = text[position:mention.start]
        if not RESPECTIVELY_LIST_GAP.fullmatch(gap) or (not group and len(gap) > 6):
            break
        group.append(index)
        position = mention.end
        if len(group) == wanted:
            break
    return group
