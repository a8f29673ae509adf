"""Sentence and clause boundaries of one text, found once and looked up by bisection."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from services.extract.metrics.patterns import CLAUSE_BREAKS, SENTENCE_BREAKS

# A goal cue governs a whole enumeration ("规划创建A村4个、B村2个"), so its clauses break only at ，；。
CUE_BREAKS = "，,；;。！？!?\n"


class Breaks:
    """Positions of one set of break characters in a text."""

    def __init__(self, text: str, chars: str):
        self.positions = [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]
        self.length = len(text)

    def start_before(self, offset: int) -> int:
        """Start of the stretch holding ``offset``: just after the last break before it."""
        i = bisect_left(self.positions, offset)
        return self.positions[i - 1] + 1 if i else 0

    def end_after(self, offset: int) -> int:
        """The first break at or after ``offset`` (or the end of the text)."""
        i = bisect_left(self.positions, offset)
        return self.positions[i] if i < len(self.positions) else self.length

    def any_between(self, start: int, end: int) -> bool:
        return bisect_right(self.positions, end - 1) > bisect_left(self.positions, start)


class Boundaries:
    def __init__(self, text: str):
        self.sentences = Breaks(text, SENTENCE_BREAKS)
        self.clauses = Breaks(text, CLAUSE_BREAKS)
        self.cue_clauses = Breaks(text, CUE_BREAKS)
