"""Lines broken in the middle of a sentence (hard wraps of PDF text, page breaks) are glued back together."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit

Measure = Callable[[str], int]

_END_MARKS = frozenset(rules.SENTENCE_MARKS)
_END_LAST = frozenset(rules.SENTENCE_END_LAST)


def ends_sentence(line: str) -> bool:
    """Whether the line ends a sentence (rules.SENTENCE_END); its last character mostly settles it."""
    last = line[-1:]
    if last in _END_MARKS:
        return True
    return last in _END_LAST and rules.SENTENCE_END.search(line) is not None


def display_width(line: str) -> int:
    """Columns the line takes: CJK and full-width characters count two, ASCII one."""
    return 2 * len(line) - len(line.encode("ascii", "ignore"))


def _opens_heading(line: str) -> bool:
    """Whether the line starts with a heading number ("一是…" opens a paragraph, not a heading)."""
    return bool(rules.HEADING_START.match(line)) and not rules.RUN_IN_ENUMERATION.match(line)


def _display_wrap(lines: list[str]) -> int | None:
    """The full-line width in display columns when most lines reach it (a PDF with half-width digits)."""
    lengths = sorted(map(len, lines))
    if len(lengths) < rules.WRAP_MIN_LINES or lengths[(3 * len(lengths)) // 4] > rules.WRAP_MAX_WIDTH:
        return None  # few lines, or most lines wider than a page (a line is at least as wide as it is long)
    widths = sorted([2 * len(line) - len(line.encode("ascii", "ignore")) for line in lines])  # display_width
    full = widths[(3 * len(widths)) // 4]
    if full > rules.WRAP_MAX_WIDTH:
        return None
    low, high = full * (1 - rules.WRAP_TOLERANCE), full * (1 + rules.WRAP_TOLERANCE)
    near = bisect_right(widths, high) - bisect_left(widths, low)  # (widths are sorted)
    return full if near >= rules.WRAP_MIN_SHARE * len(widths) else None


def _count_wrap(lines: list[str]) -> int | None:
    """The full-line length in characters, read from the lines cut mid-sentence.

    A PDF set in full-width characters wraps every line at the same count; once width normalisation has made
    its digits narrow ("达到８９．３％" → "达到89.3%") the columns differ but the count does not. Headings are left
    out (short in any layout); the cut lines must agree on a length no body line goes much beyond.
    """
    # (_opens_heading and ends_sentence inlined: this looks at every line)
    heading_start, enumeration = rules.HEADING_START.match, rules.RUN_IN_ENUMERATION.match
    body = [line for line in lines if not heading_start(line) or enumeration(line)]
    sentence_end = rules.SENTENCE_END.search
    cut = sorted([
        len(line) for line in body
        if not (line[-1:] in _END_MARKS or (line[-1:] in _END_LAST and sentence_end(line) is not None))
    ])
    if len(cut) < rules.WRAP_MIN_CUT_LINES:
        return None
    full = cut[(3 * len(cut)) // 4]
    if full > rules.WRAP_MAX_WIDTH:
        return None
    low, high = full * (1 - rules.WRAP_TOLERANCE), full * (1 + rules.WRAP_TOLERANCE)
    near = bisect_right(cut, high) - bisect_left(cut, low)  # (the lengths are sorted)
    if near < max(rules.WRAP_MIN_CUT_LINES, rules.WRAP_MIN_SHARE * len(cut)):
        return None
    longer = sum(1 for line in body if len(line) > high)
    return full if longer <= rules.WRAP_MAX_LONGER_SHARE * len(body) else None


def hard_wrap(lines: list[str]) -> tuple[Measure, int] | None:
    """How full lines of hard-wrapped text are measured and their size, or None when lines are paragraphs."""
    nonblank = [line for line in lines if line]
    full = _display_wrap(nonblank)
    if full is not None:
        return display_width, full
    full = _count_wrap(nonblank)
    return None if full is None else (len, full)


def wrap_width(lines: list[str]) -> int | None:
    """The full-line width of hard-wrapped text, or None when lines are whole paragraphs."""
    found = hard_wrap(lines)
    return None if found is None else found[1]


def join_broken_lines(text: str) -> list[Edit]:
    """Delete the line break after a line that ends mid-sentence when the next line does not open a heading."""
    lines = text.split("\n")
    wrap = hard_wrap(lines)
    edits = []
    end = -1
    heading_start, sentence_end = rules.HEADING_START.match, rules.SENTENCE_END.search
    for line, following in zip(lines, lines[1:], strict=False):
        end += 1 + len(line)  # end of ``line`` in ``text``
        if not line or not following:
            continue
        last = line[-1]  # (ends_sentence inlined)
        if last in _END_MARKS or (last in _END_LAST and sentence_end(line) is not None):
            continue
        if heading_start(following):
            continue
        if line[-1] in rules.CLAUSE_END:
            broken = True
        elif wrap is not None:
            measure, full = wrap
            # a numbered line with no sentence in it is a heading of its own, however wide it is
            heading = _opens_heading(line) and not any(ch in line for ch in rules.SENTENCE_MARKS)
            broken = not heading and measure(line) >= full * (1 - rules.WRAP_TOLERANCE)
        else:
            broken = (
                len(line) >= rules.UNWRAPPED_JOIN_MIN_CHARS
                and line[-1] not in rules.UNWRAPPED_PARAGRAPH_END
                and not rules.HEADING_START.match(line)
            )
        if broken:
            edits.append(Edit(end, end + 1))
    return edits
