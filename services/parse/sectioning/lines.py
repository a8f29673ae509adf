"""The text as lines with their offsets: the unit the heading rules look at."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from shared.chinese import CLAUSE_ENDS, FULL_STOPS, IDEOGRAPHIC_SPACE, NBSP

_LEADING_SPACE = re.compile(r"[\s\u3000\ufeff]*")


class Line(NamedTuple):  # (a tuple: the outline of a long report makes tens of thousands)
    start: int  # offset of the first non-space character
    end: int  # offset just past the last non-space character
    text: str  # the line without surrounding spaces


# A sentence end followed by a run of spaces inside a line: a paragraph break (and its indentation) that a
# scrape or a conversion flattened ("…稳步推进。  1 经济发展平稳。", "…美好家园。\u3000\u3000（九）…").
# (matched from the sentence end, which is much faster to scan for than a look-behind; the cut is its end)
_FLATTENED_BREAK = re.compile(f"[{FULL_STOPS}{CLAUSE_ENDS}][ \t{IDEOGRAPHIC_SPACE}{NBSP}]{{2,}}(?=\\S)")


# A non-blank line without its edge spaces: from its first character that is neither a space nor a BOM (what
# ``_LEADING_SPACE`` skips) to its last non-space character (what ``str.rstrip`` keeps).
_NON_BLANK_LINE = re.compile(r"[^\s\ufeff](?:[^\n]*\S)?")
_new_tuple = tuple.__new__


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets (blank lines are found again by :func:`blank_between`)."""
    breaks = [b.end() for b in _FLATTENED_BREAK.finditer(text)]  # one scan of the text, not one per line
    if not breaks:  # (the common case: one scan for the lines too, no per-line work in Python)
        # (tuple.__new__ makes the same Line without the call of its generated __new__)
        return [_new_tuple(Line, (m.start(), m.end(), m.group())) for m in _NON_BLANK_LINE.finditer(text)]
    lines: list[Line] = []
    next_break = 0
    for m in _NON_BLANK_LINE.finditer(text):
        start, end = m.span()
        # (a break lies inside a non-blank line: after its sentence end, before the character it looks ahead to)
        if next_break == len(breaks) or breaks[next_break] >= end:
            lines.append(Line(start, end, m.group()))
            continue
        cuts = [start]
        while next_break < len(breaks) and breaks[next_break] < end:
            cuts.append(breaks[next_break])
            next_break += 1
        cuts.append(end)
        for a, b in zip(cuts, cuts[1:], strict=False):
            raw = text[a:b]
            lead = _LEADING_SPACE.match(raw).end() if raw and (raw[0].isspace() or raw[0] == "\ufeff") else 0
            stripped = raw[lead:].rstrip()
            if stripped:
                lines.append(Line(a + lead, a + lead + len(stripped), stripped))
    return lines


def blank_between(text: str, a: Line, b: Line) -> bool:
    """Is there a blank line between two consecutive non-blank lines?"""
    return text.count("\n", a.end, b.start) > 1


def norm_key(s: str) -> str:
    """Compare titles across a table of contents and the body: NFKC, no spaces."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())
