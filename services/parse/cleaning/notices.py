"""Notices of the site that hosts a report: the work's legal status, its licence, the site's remarks on them.

They come after the report (Wikisource's licence box under a national report), often one line per link, so no line
of them shows much; the block they make (lines between blank lines) names their terms (rules.NOTICE_TERM). A block
is a notice when it names NOTICE_MIN_TERMS of them, one that only speaks of a work's status, and holds no heading.
What follows a notice to the end of the text goes with it when every block of it is short and none holds a heading
(a note on the notice); anything longer shows the report goes on, and all of it stays.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from services.parse.cleaning import rules
from services.parse.cleaning.lines import line_deletion
from services.parse.cleaning.offsets import Edit, merge_deletions

_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")  # lines with text, no blank line between them


class _Block(NamedTuple):
    start: int
    end: int
    text: str  # its lines joined without their breaks and edge spaces
    has_heading: bool


def remove_notices(text: str) -> list[Edit]:
    # most documents: nothing to look at (substring tests, which cost less than the pattern's search)
    if not any(literal in text for literal in rules.NOTICE_STRONG_LITERALS):
        return []
    blocks = [_block(match) for match in _BLOCK.finditer(text)]
    spans: list[tuple[int, int]] = []
    for index, block in enumerate(blocks):
        if not _is_notice(block):
            continue
        spans.append(line_deletion(text, block.start, block.end))
        after = blocks[index + 1:]
        if all(not b.has_heading and len(b.text) <= rules.NOTICE_TAIL_MAX_CHARS for b in after):
            spans += [line_deletion(text, b.start, b.end) for b in after if not _is_notice(b)]
    return merge_deletions(spans) if spans else []


def _block(match: re.Match) -> _Block:
    lines = [line.strip(rules.HSPACE) for line in match.group().split("\n")]
    return _Block(match.start(), match.end(), "".join(lines),
                  any(rules.HEADING_START.match(line) for line in lines if line))


def _is_notice(block: _Block) -> bool:
    return (not block.has_heading and rules.NOTICE_STRONG_TERM.search(block.text) is not None
            and len(set(rules.NOTICE_TERM.findall(block.text))) >= rules.NOTICE_MIN_TERMS)
