"""Compact storage of a CleanText's cleaned→raw offset map.

Cleaning mostly deletes or replaces whole stretches, so the map is long runs where the raw offset grows by one
with the cleaned offset. It is stored as ``[[clean_start, raw_start, length], ...]`` runs plus the raw length.
"""

from shared.document import CleanText


def encode_offsets(offsets: tuple[int, ...]) -> tuple[list[list[int]], int]:
    """Runs covering every cleaned character, and the final entry (the raw length)."""
    *per_char, raw_length = offsets
    runs: list[list[int]] = []
    for index, raw in enumerate(per_char):
        if runs:
            clean_start, raw_start, length = runs[-1]
            if raw == raw_start + length and index == clean_start + length:
                runs[-1][2] += 1
                continue
        runs.append([index, raw, 1])
    return runs, raw_length


def decode_offsets(runs: list[list[int]], raw_length: int) -> tuple[int, ...]:
    offsets: list[int] = []
    for _clean_start, raw_start, length in runs:
        offsets.extend(range(raw_start, raw_start + length))
    offsets.append(raw_length)
    return tuple(offsets)


def restore_clean_text(text: str, runs: list[list[int]], raw_length: int) -> CleanText:
    return CleanText(text, decode_offsets(runs, raw_length))
