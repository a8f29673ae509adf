"""Pair the items of an "A、B分别…X、Y" sentence with its numbers, in order."""

from __future__ import annotations

from services.extract.metrics import naming
from services.extract.metrics.mentions import Mention
from services.extract.metrics.patterns import RESPECTIVELY, RESPECTIVELY_ITEM_SPLITS, RESPECTIVELY_LIST_GAP
from shared.document import Metric

_SUBJECT_BREAKS = "，,；;。！？!?\n：:"


def pair_respectively(text: str, mentions: list[Mention], metrics: list[Metric]) -> None:
    """Rename in place the metrics of each "分别" list whose item count matches its number count.

    ``mentions`` and ``metrics`` are parallel lists in text order. A rate later in the list takes the change
    word of the first ("分别增长9.7%、15.3%").
    """
    for found in RESPECTIVELY.finditer(text):
        subject_start = max(text.rfind(b, 0, found.start()) for b in _SUBJECT_BREAKS) + 1
        subject = text[subject_start:found.start()]
        for splitter in RESPECTIVELY_ITEM_SPLITS:  # "A、B和C" first; "住宿和餐饮业、批零业" if that fails
            items = [naming.strip_leading(part) for part in splitter.split(subject)]
            items = [item for item in items if item]
            group = _numbers_after(text, mentions, found.end(), len(items))
            if len(items) >= 2 and len(group) == len(items):
                break
        else:
            continue
        first_change = metrics[group[0]].change
        for index, item in zip(group, items, strict=True):
            metrics[index].name = item
            if metrics[index].change == "率" and first_change not in (None, "率"):
                metrics[index].change = first_change


def _numbers_after(text: str, mentions: list[Mention], offset: int, wanted: int) -> list[int]:
    group: list[int] = []
    position = offset
    for index, mention in enumerate(mentions):
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
