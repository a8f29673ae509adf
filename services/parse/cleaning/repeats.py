"""Blocks of lines a saved page repeats (the article printed several times over, a navigation list on every
page): every copy after the first goes, so each heading is found once. And a page's excerpt of the report above
it: the report's opening, cut short at an ellipsis."""

from __future__ import annotations

from collections import Counter

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit, merge_deletions


def remove_repeated_blocks(text: str) -> list[Edit]:
    """Delete later copies of blocks of non-blank lines (see the rules); a deleted copy takes the blank lines
    inside it along, so the page does not keep its gaps either."""
    starts, keys = _non_blank_lines(text)
    size = rules.REPEAT_BLOCK_LINES
    if len(keys) < 2 * size:
        return []
    windows = [tuple(keys[i : i + size]) for i in range(len(keys) - size + 1)]
    if len(set(windows)) == len(windows):
        return []
    copies = Counter(windows)
    spans = []
    for first, last in _repeated_blocks(windows, size):
        block = range(first, last + size)
        if any(len(keys[i]) >= rules.DUPLICATE_MIN_CHARS for i in block) or min(
            copies[windows[i]] for i in range(first, last + 1)
        ) >= rules.REPEAT_BLOCK_MIN_COPIES:
            end = text.find("\n", starts[block[-1]])
            spans.append(_line_span(text, starts[first], len(text) if end < 0 else end))
    return merge_deletions(spans)


def remove_excerpts(text: str) -> list[Edit]:
    """Delete the lines near the top whose text before an ellipsis (rules.EXCERPT_ELLIPSIS) the text prints again
    after them, read without whitespace (the excerpt runs the report's lines together)."""
    top = text[: rules.EXCERPT_SEARCH_CHARS]
    if "…" not in top and "..." not in top and "。。。" not in top:  # (a substring test costs less than the search)
        return []
    spans = []
    for ellipsis in rules.EXCERPT_ELLIPSIS.finditer(top):
        start = text.rfind("\n", 0, ellipsis.start()) + 1
        end = text.find("\n", ellipsis.end())
        end = len(text) if end < 0 else end
        key = "".join(text[start:ellipsis.start()].split())
        if len(key) >= rules.EXCERPT_MIN_CHARS and key in "".join(text[end:].split()):
            spans.append(_line_span(text, start, end))
    return merge_deletions(spans) if spans else []


def _non_blank_lines(text: str) -> tuple[list[int], list[str]]:
    """Start offset and reading key (the line without any whitespace) of every non-blank line."""
    starts, keys = [], []
    pos = 0
    for line in text.split("\n"):
        key = "".join(line.split())
        if key:
            starts.append(pos)
            keys.append(key)
        pos += len(line) + 1
    return starts, keys


def _repeated_blocks(windows: list[tuple[str, ...]], size: int) -> list[tuple[int, int]]:
    """Runs of consecutive windows (first, last) each equal to an earlier window it does not overlap, the
    earlier ones consecutive too: one later copy of one earlier block of lines."""
    seen: dict[tuple[str, ...], int] = {}
    blocks: list[tuple[int, int]] = []
    previous = None  # (window index, index of its earlier copy) of the window before, when it repeated
    for i, window in enumerate(windows):
        earlier = seen.setdefault(window, i)
        if earlier + size > i:
            previous = None
            continue
        if previous is not None and previous == (i - 1, earlier - 1):
            blocks[-1] = (blocks[-1][0], i)
        else:
            blocks.append((i, i))
        previous = (i, earlier)
    return blocks


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of whole lines together with one line break."""
    return (start, end + 1) if end < len(text) else (max(start - 1, 0), end)
