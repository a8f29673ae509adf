"""Edit lists and the cleaned→raw offset map they carry.

Every cleaning rule looks at the current text and returns either a same-length text (a 1:1 character
substitution, which leaves the map as it is) or a list of edits ``(start, end, replacement)`` over the current
text. The map is kept as a short list of runs and updated per edit, not per character, and handed on as runs
(shared.raw_offsets.RawOffsets), never as one offset per character.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from shared.raw_offsets import RawOffsets


class Edit(NamedTuple):
    start: int
    end: int
    replacement: str = ""


class _Run(NamedTuple):
    start: int  # first text position of the run
    end: int
    raw: int  # raw offset of the first character
    step: int  # 1: consecutive raw characters; 0: every character comes from ``raw`` (a replacement)


def apply_text_edits(text: str, edits: list[Edit]) -> str:
    pieces: list[str] = []
    pos = 0
    for start, end, replacement in edits:
        pieces.append(text[pos:start])
        pieces.append(replacement)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def check_edits(edits: list[Edit], length: int) -> list[Edit]:
    """Sorted edits; refuse overlapping or out-of-range ones (a rule bug, not bad input)."""
    edits = sorted(edits)
    pos = 0
    for start, end, _ in edits:
        if start < pos or end < start or end > length:
            raise ValueError(
                f"bad edit span {start}-{end} (text length {length}, previous edit ends at {pos})"
            )
        pos = end
    return edits


class OffsetMap:
    """For every position of the current text, the offset of its source character in the raw text."""

    def __init__(self, raw_length: int):
        self.raw_length = raw_length
        self.length = raw_length
        self._runs = [_Run(0, raw_length, 0, 1)] if raw_length else []

    def raw_at(self, pos: int) -> int:
        if pos >= self.length:
            return self.raw_length
        run = self._runs[bisect_right(self._runs, (pos, float("inf"))) - 1]
        return run.raw + run.step * (pos - run.start)

    def apply(self, edits: list[Edit]) -> None:
        """Update the map for sorted, non-overlapping edits of the current text.

        One pass over the edits and the runs together: a cursor walks the runs instead of a search per edit,
        so the cost grows with edits + runs, not with their product (a scraped page brings tens of thousands
        of edits: one per NBSP token, per CRLF). A same-length replacement (full-width digit → half-width,
        traditional character → simplified) leaves every character on its own source character, so the map
        and its number of runs stay as they are and later steps do not pay for it either.
        """
        runs = self._runs
        out: list[_Run] = []
        i = 0  # the first run that may still hold text at or after ``pos``
        pos = shift = 0
        for start, end, replacement in edits:
            if len(replacement) == end - start:
                continue
            i = _copy_runs(runs, i, pos, start, shift, out)
            if replacement:
                raw = self.raw_length if start >= self.length else _raw_at(runs, i, start)
                out.append(_Run(start + shift, start + shift + len(replacement), raw, 0))
            shift += len(replacement) - (end - start)
            pos = end
        _copy_runs(runs, i, pos, self.length, shift, out)
        self._runs = out
        self.length += shift

    def freeze(self) -> RawOffsets:
        """The map as it stands, compact: ``length + 1`` offsets, the last the raw length."""
        return RawOffsets(((r.start, r.end - r.start, r.raw, r.step) for r in self._runs), self.length, self.raw_length)

    def to_tuple(self) -> tuple[int, ...]:
        """One offset per character (for tests and small texts), the last the raw length."""
        return tuple(self.freeze())


def _copy_runs(runs: list[_Run], i: int, start: int, end: int, shift: int, out: list[_Run]) -> int:
    """Append the runs covering [start, end), clipped and moved by ``shift``, looking from run ``i`` on;
    return the index of the run holding ``end`` (or the next one), where the next copy starts looking."""
    n = len(runs)
    while i < n and runs[i].end <= start:
        i += 1
    while i < n and runs[i].start < end:
        run = runs[i]
        if run.start >= start and run.end <= end:
            out.append(run._replace(start=run.start + shift, end=run.end + shift) if shift else run)
        else:
            lo, hi = max(run.start, start), min(run.end, end)
            out.append(_Run(lo + shift, hi + shift, run.raw + run.step * (lo - run.start), run.step))
        if run.end > end:
            break
        i += 1
    return i


def _raw_at(runs: list[_Run], i: int, pos: int) -> int:
    """The raw offset of text position ``pos``, looking from run ``i`` on."""
    while runs[i].end <= pos:
        i += 1
    run = runs[i]
    return run.raw + run.step * (pos - run.start)


def merge_deletions(spans: list[tuple[int, int]]) -> list[Edit]:
    """Turn possibly overlapping deletion spans into sorted, disjoint deletion edits."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Edit(start, end) for start, end in merged]
