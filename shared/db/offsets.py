"""Compact storage of a CleanText's cleaned→raw offset map.

Cleaning mostly deletes or replaces whole stretches, so the map is long runs where the raw offset grows by one
with the cleaned offset. It is stored as ``[[clean_start, raw_start, length], ...]`` runs plus the raw length,
and read back as a shared.raw_offsets.RawOffsets over the same runs, expanded lazily (the section stage reads
only the text and never expands it).
"""

from collections.abc import Sequence

from shared.document import CleanText
from shared.raw_offsets import RawOffsets


def encode_offsets(offsets: Sequence[int]) -> tuple[list[list[int]], int]:
    """Runs covering every cleaned character, and the final entry (the raw length).

    The runs are the longest stretches of consecutive raw offsets, whatever form the map comes in: a RawOffsets
    is read run by run (its replacement runs character by character), any other sequence character by character.
    """
    runs: list[list[int]] = []
    if isinstance(offsets, RawOffsets):
        for start, size, raw, step in offsets.runs():
            if step:
                _add(runs, start, raw, size)
            else:  # every character from one raw offset: runs of one (the first may extend the run before)
                for index in range(start, start + size):
                    _add(runs, index, raw, 1)
        return runs, offsets.raw_length
    *per_char, raw_length = offsets
    for index, raw in enumerate(per_char):
        _add(runs, index, raw, 1)
    return runs, raw_length


def _add(runs: list[list[int]], index: int, raw: int, size: int) -> None:
    """Append ``size`` characters from ``index`` whose raw offsets count up from ``raw``."""
    if runs:
        clean_start, raw_start, length = runs[-1]
        if raw == raw_start + length and index == clean_start + length:
            runs[-1][2] += size
            return
    runs.append([index, raw, size])


def decode_offsets(runs: list[list[int]], raw_length: int) -> RawOffsets:
    return RawOffsets.from_stored(runs, raw_length)


def restore_clean_text(text: str, runs: list[list[int]], raw_length: int) -> CleanText:
    return CleanText(text, decode_offsets(runs, raw_length))
