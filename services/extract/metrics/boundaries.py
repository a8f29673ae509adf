"""Sentence and clause boundaries of one text, found once and looked up by bisection."""

from __future__ import annotations

import re
from bisect import bisect_left

from services.extract.metrics.patterns import CLAUSE_STOPS, SENTENCE_BREAKS
from shared.chinese import COMMAS

# A goal cue governs a whole enumeration ("规划创建A村4个、B村2个"), so its clauses break only at ，；。
CUE_BREAKS = COMMAS + SENTENCE_BREAKS


class Breaks:
    """Positions of one set of break characters in a text."""

    def __init__(self, positions: list[int], length: int):
        self.positions = positions
        self.length = length

    def start_before(self, offset: int) -> int:
        """Start of the stretch holding ``offset``: just after the last break before it."""
        i = bisect_left(self.positions, offset)
        return self.positions[i - 1] + 1 if i else 0

    def end_after(self, offset: int) -> int:
        """The first break at or after ``offset`` (or the end of the text)."""
        i = bisect_left(self.positions, offset)
        return self.positions[i] if i < len(self.positions) else self.length


class Boundaries:
    def __init__(self, text: str):
        # one scan for the widest set; sentence and cue breaks are subsets of clause breaks
        clause = [m.start() for m in _CLAUSE_RE.finditer(text)]
        self.clauses = Breaks(clause, len(text))
        self.sentences = Breaks([p for p in clause if text[p] in SENTENCE_BREAKS], len(text))
        self.cue_clauses = Breaks([p for p in clause if text[p] in CUE_BREAKS], len(text))


_CLAUSE_RE = re.compile(f"[{re.escape(CLAUSE_STOPS)}]")
assert set(SENTENCE_BREAKS) <= set(CLAUSE_STOPS) and set(CUE_BREAKS) <= set(CLAUSE_STOPS)
