"""The compact offset map (shared/raw_offsets.py) reads like the per-character tuple it replaces, and the store
keeps the same runs whichever form it is given (shared/db/offsets.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.parse.cleaning import clean_text
from services.parse.readers import read_document
from shared.db.offsets import decode_offsets, encode_offsets
from shared.raw_offsets import RawOffsets

DATA = Path(__file__).resolve().parent.parent / "data"
# real pages whose cleaning deletes, replaces and expands: escapes, NBSP tokens, chrome, repeated blocks
SAMPLES = [*sorted((DATA / "reports").glob("*.txt"))[:2], *sorted((DATA / "full" / "docs").glob("*.txt"))[:6]]


def _per_character(offsets: RawOffsets) -> tuple[int, ...]:
    return tuple(offsets[i] for i in range(len(offsets)))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_cleaned_map_reads_like_a_tuple(path: Path) -> None:
    raw = read_document(path.read_bytes(), path.name)
    clean = clean_text(raw)
    offsets = clean.offsets
    assert isinstance(offsets, RawOffsets)
    as_tuple = tuple(offsets)
    assert len(as_tuple) == len(clean.text) + 1 and as_tuple[-1] == len(raw)
    assert _per_character(offsets) == as_tuple  # bisection over the runs gives what iteration gives
    assert offsets == as_tuple and as_tuple == offsets
    assert offsets[-1] == len(raw) and offsets[1:4] == as_tuple[1:4]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_store_keeps_the_same_runs_from_either_form(path: Path) -> None:
    clean = clean_text(read_document(path.read_bytes(), path.name))
    runs, raw_length = encode_offsets(clean.offsets)
    assert (runs, raw_length) == encode_offsets(tuple(clean.offsets))
    assert decode_offsets(runs, raw_length) == tuple(clean.offsets)


@pytest.mark.parametrize(
    "per_char",
    [
        pytest.param((0,), id="empty-text"),
        pytest.param((3, 3, 3, 4, 8), id="replacement-from-one-raw-character"),
        pytest.param((5, 4, 6, 7), id="reordered"),
        pytest.param((0, 1, 2, 9, 10, 11, 30), id="a-line-removed"),
    ],
)
def test_stored_map_is_read_lazily_and_exactly(per_char: tuple[int, ...]) -> None:
    runs, raw_length = encode_offsets(per_char)
    stored = decode_offsets(runs, raw_length)
    assert len(stored) == len(per_char)  # known before the runs are turned into arrays
    assert _per_character(stored) == per_char
    with pytest.raises(IndexError):
        stored[len(per_char)]


def test_identity_is_one_run() -> None:
    offsets = RawOffsets.identity(5)
    assert tuple(offsets) == (0, 1, 2, 3, 4, 5) and len(list(offsets.runs())) == 1
