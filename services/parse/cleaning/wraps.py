"""Lines broken in the middle of a sentence (hard wraps of PDF text, page breaks) are glued back together."""

from __future__ import annotations

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit


def display_width(line: str) -> int:
    """Columns the line takes: CJK and full-width characters count two, ASCII one."""
    return 2 * len(line) - len(line.encode("ascii", "ignore"))


def wrap_width(lines: list[str]) -> int | None:
    """The full-line width of hard-wrapped text, or None when lines are whole paragraphs."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < rules.WRAP_MIN_LINES or lengths[(3 * len(lengths)) // 4] > rules.WRAP_MAX_WIDTH:
        return None  # few lines, or most lines wider than a page (a line is at least as wide as it is long)
    widths = sorted(display_width(line) for line in lines if line)
    full = widths[(3 * len(widths)) // 4]
    if full > rules.WRAP_MAX_WIDTH:
        return None
    low, high = full * (1 - rules.WRAP_TOLERANCE), full * (1 + rules.WRAP_TOLERANCE)
    near = sum(1 for w in widths if low <= w <= high)
    return full if near >= rules.WRAP_MIN_SHARE * len(widths) else None


def join_broken_lines(text: str) -> list[Edit]:
    """Delete the line break after a line that ends mid-sentence when the next line does not open a heading."""
    lines = text.split("\n")
    full = wrap_width(lines)
    edits = []
    end = -1
    for line, following in zip(lines, lines[1:], strict=False):
        end += 1 + len(line)  # end of ``line`` in ``text``
        if not line or not following or line[-1] in rules.SENTENCE_END:
            continue
        if rules.HEADING_START.match(following):
            continue
        if line[-1] in rules.CLAUSE_END:
            broken = True
        elif full is not None:
            broken = display_width(line) >= full * (1 - rules.WRAP_TOLERANCE)
        else:
            broken = len(line) >= rules.UNWRAPPED_JOIN_MIN_CHARS and not rules.HEADING_START.match(line)
        if broken:
            edits.append(Edit(end, end + 1))
    return edits
