"""The cleaned→raw offset map of a CleanText, held as runs instead of one Python int per character.

Cleaning deletes or replaces whole stretches, so the map is a few runs: in a run either the raw offset grows by
one with the cleaned offset (kept text, ``step`` 1) or every character comes from one raw offset (a replacement,
``step`` 0). A 20 MB report keeps a few hundred thousand runs in three flat arrays (17 bytes a run) where a
tuple of ints takes some 36 bytes a character. It reads like the tuple it replaces: ``len(text) + 1`` entries,
the last the raw length; an entry is found by bisection over the run starts.

Runs read from the store are turned into arrays only when an entry is first asked for: the section stage, which
reads the text alone, never pays for the map.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from typing import overload


class RawOffsets(Sequence[int]):
    """For every cleaned character the offset of its source character in the raw text, then the raw length."""

    __slots__ = ("_length", "_raw_length", "_starts", "_raws", "_steps", "_stored")

    def __init__(self, runs: Iterable[tuple[int, int, int, int]], length: int, raw_length: int):
        """``runs``: ``(clean_start, run_length, raw_start, step)`` covering ``[0, length)`` in order."""
        self._length = length
        self._raw_length = raw_length
        self._stored: list[list[int]] | None = None
        self._fill(runs)

    def _fill(self, runs: Iterable[tuple[int, int, int, int]]) -> None:
        starts, raws, steps = array("q"), array("q"), array("b")
        for start, size, raw, step in runs:
            if size <= 0:
                continue
            starts.append(start)
            raws.append(raw)
            steps.append(step)
        self._starts, self._raws, self._steps = starts, raws, steps

    @classmethod
    def identity(cls, length: int) -> RawOffsets:
        return cls([(0, length, 0, 1)], length, length)

    @classmethod
    def from_stored(cls, runs: list[list[int]], raw_length: int) -> RawOffsets:
        """From the stored ``[[clean_start, raw_start, length], ...]`` runs (shared.db.offsets), read lazily."""
        offsets = cls.__new__(cls)
        offsets._length = (runs[-1][0] + runs[-1][2]) if runs else 0
        offsets._raw_length = raw_length
        offsets._stored = runs
        return offsets

    def _arrays(self) -> tuple[array, array, array]:
        if self._stored is not None:
            stored, self._stored = self._stored, None
            self._fill((start, size, raw, 1) for start, raw, size in stored)
        return self._starts, self._raws, self._steps

    @property
    def raw_length(self) -> int:
        return self._raw_length

    def __len__(self) -> int:
        return self._length + 1

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[int, ...]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length + 1)))
        if index < 0:
            index += self._length + 1
        if not 0 <= index <= self._length:
            raise IndexError("offset map index out of range")
        if index == self._length:
            return self._raw_length
        starts, raws, steps = self._arrays()
        run = bisect_right(starts, index) - 1
        return raws[run] + steps[run] * (index - starts[run])

    def runs(self) -> Iterator[tuple[int, int, int, int]]:
        """``(clean_start, run_length, raw_start, step)`` in order."""
        starts, raws, steps = self._arrays()
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else self._length
            yield start, end - start, raws[n], steps[n]

    def __iter__(self) -> Iterator[int]:
        parts = [range(raw, raw + size) if step else repeat(raw, size) for _, size, raw, step in self.runs()]
        return chain(*parts, (self._raw_length,))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"RawOffsets({len(self._arrays()[0])} runs, {self._length} characters, raw length {self._raw_length})"
