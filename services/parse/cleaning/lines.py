"""Line-level rules: markers and notices, page marks, running heads, repeated preview paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from services.parse.cleaning import rules
from services.parse.cleaning.offsets import Edit, merge_deletions
from services.parse.cleaning.words import crosses_word
from services.parse.cleaning.wraps import ends_sentence, wrap_width
from shared.chinese import HALFWIDTH_OF


def line_deletion(text: str, start: int, end: int) -> tuple[int, int]:
    """The span that removes the line [start, end) together with one line break."""
    if end < len(text):
        return start, end + 1
    return max(start - 1, 0), end


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _delete_spans(text: str, spans: list[tuple[int, int]]) -> list[Edit]:
    """Delete spans; a line left with nothing but spaces is deleted whole (no blank line left behind)."""
    spans = [(edit.start, edit.end) for edit in merge_deletions(spans)]
    out = list(spans)
    by_line: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for span in spans:
        by_line.setdefault(_line_bounds(text, span[0]), []).append(span)
    for (start, end), inside in by_line.items():
        if inside[-1][1] > end:
            continue  # a span running over the line break leaves the lines as they are
        kept, pos = [], start
        for s, e in inside:
            kept.append(text[pos:s])
            pos = e
        kept.append(text[pos:end])
        if not "".join(kept).strip(rules.HSPACE):
            if start and end < len(text) and _sentence_runs_on(text, start - 1, end + 1):
                out.append((start - 1, end + 1))  # the line cut a sentence ("…收入完\n第2页共6页\n成28.6亿元")
            else:
                out.append(line_deletion(text, start, end))
            continue
        # the spaces a span at the line's edge leaves there go with it (stray spaces are gone by now)
        if inside[0][0] == start and kept[1].startswith(tuple(rules.HSPACE)):
            out.append((inside[0][1], inside[0][1] + len(kept[1]) - len(kept[1].lstrip(rules.HSPACE))))
        if inside[-1][1] == end and kept[-2].endswith(tuple(rules.HSPACE)):
            out.append((inside[-1][0] - len(kept[-2]) + len(kept[-2].rstrip(rules.HSPACE)), inside[-1][0]))
    return merge_deletions(out)


def _span_edits(text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> list[Edit]:
    spans = [
        m.span()
        for trigger, pattern in patterns
        if trigger in text
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    return _delete_spans(text, spans) if spans else []


def remove_paywall_markers(text: str) -> list[Edit]:
    return _span_edits(text, (("##", rules.PAYWALL_MARKER),))


def remove_noise_spans(text: str) -> list[Edit]:
    spans = [
        m.span()
        for trigger, pattern in rules.NOISE_SPANS
        if trigger in text
        for m in (_in_lines_with(text, trigger, pattern) if trigger in rules.NOISE_SPANS_IN_LINES
                  else pattern.finditer(text))
        if m.end() > m.start()
    ]
    spans += [_sentence_around(text, *m.span()) for pattern in rules.PROMO_SENTENCES for m in pattern.finditer(text)]
    return _delete_spans(text, spans) if spans else []


def _in_lines_with(text: str, trigger: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of a pattern that never leaves a line holding ``trigger``, searched in those lines only."""
    pos = text.find(trigger)
    while pos >= 0:
        start, end = _line_bounds(text, pos)
        yield from pattern.finditer(text, start, end)
        pos = text.find(trigger, end)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], within PROMO_SENTENCE_REACH characters each way and one line."""
    reach = rules.PROMO_SENTENCE_REACH
    line_start, line_end = _line_bounds(text, start)
    begin = max(line_start, start - reach)
    for pos in range(start - 1, begin - 1, -1):
        if text[pos] in rules.SENTENCE_CLOSE:
            begin = pos + 1
            break
    stop = min(line_end, end + reach)
    for pos in range(end, stop):
        if text[pos] in rules.SENTENCE_CLOSE:
            return begin, pos + 1
    return begin, stop


def remove_running_heads(text: str) -> list[Edit]:
    """Drop a line repeated next to page-mark lines (a PDF's running head or foot)."""
    beside: dict[str, list[tuple[int, int]]] = {}
    marks = [*rules.PAGE_MARK_LINE.finditer("\n" + text), *rules.PAGE_COUNTER_LINE.finditer("\n" + text)]
    for match in marks:
        mark_start, mark_end = match.start(), match.end() - 1  # the mark line in ``text``
        for bounds in (_nonblank_line_before(text, mark_start), _nonblank_line_after(text, mark_end)):
            if bounds is None:
                continue
            line = text[bounds[0] : bounds[1]]
            if len(line) <= rules.RUNNING_HEAD_MAX_CHARS and not is_page_mark(line) and not (
                rules.HEADING_START.match(line)  # a heading may open two pages; a running head has no number
            ):
                beside.setdefault(_reading_key(line), []).append(bounds)
    spans = [
        line_deletion(text, start, end)
        for key, places in beside.items()
        if key and len(set(places)) >= rules.RUNNING_HEAD_MIN_REPEATS
        for start, end in set(places)
    ]
    return merge_deletions(spans) if spans else []


def is_page_mark(line: str) -> bool:
    return bool(rules.PAGE_MARK_LINE.match("\n" + line) or rules.PAGE_COUNTER_LINE.match("\n" + line))


def _nonblank_line_before(text: str, line_start: int) -> tuple[int, int] | None:
    end = line_start - 1  # the line break before the mark
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    if end <= 0:
        return None
    return _line_bounds(text, end - 1)


def _nonblank_line_after(text: str, line_end: int) -> tuple[int, int] | None:
    start = line_end + 1
    while start < len(text) and text[start] == "\n":
        start += 1
    if start >= len(text):
        return None
    return _line_bounds(text, start)


def remove_page_mark_lines(text: str) -> list[Edit]:
    """Drop page-mark lines with the blank lines around them; a sentence the page break cut is glued back."""
    spans = []
    hard_wrapped: bool | None = None  # hard-wrapped text is left to join_broken_lines, which reads its width
    for match in rules.PAGE_MARK_LINE.finditer("\n" + text):
        start, end = match.start(), match.end() - 1  # the line in ``text`` (shifted by the added break)
        while start and text[start - 1] == "\n":
            start -= 1
        while end < len(text) and text[end] == "\n":
            end += 1
        if start and end < len(text) and hard_wrapped is None:
            hard_wrapped = wrap_width(text.split("\n")) is not None
        if start and (hard_wrapped or end == len(text) or not _sentence_runs_on(text, start, end)):
            start += 1  # one line break stays after the text before
        spans.append((start, end))
    return merge_deletions(spans)


def _sentence_runs_on(text: str, before_end: int, after_start: int) -> bool:
    """Whether the text ending at ``before_end`` continues at ``after_start`` (mid-sentence, not a heading)."""
    previous = text[text.rfind("\n", 0, before_end) + 1 : before_end]
    if not previous or ends_sentence(previous) or rules.HEADING_START.match(text, after_start):
        return False
    if previous[-1] in rules.CLAUSE_BREAK or len(previous) >= rules.UNWRAPPED_JOIN_MIN_CHARS:
        return True
    return crosses_word(previous[-rules.WORD_WINDOW :], text[after_start : after_start + rules.WORD_WINDOW])


def remove_repeated_paragraphs(text: str) -> list[Edit]:
    """Drop a paragraph repeated verbatim, with the lines around it that repeat along with it.

    Sharing sites print a preview of the first pages and then the full text, so a repeated block holds short
    lines (headings) too; those go only as part of a block anchored on a long repeated paragraph.
    """
    raw_lines = text.split("\n")
    # compared as read: a preview rendered apart from the full text may differ in width or spacing ("(二)");
    # every line's key in one pass over the text (the line breaks stay), not one substitution per line
    lines = _READ_THROUGH_IN_LINE.sub("", text).split("\n")
    long_lines = [line for line in lines if len(line) >= rules.DUPLICATE_MIN_CHARS]
    if len(set(long_lines)) == len(long_lines):
        return []
    first_seen: dict[str, int] = {}
    repeated: set[int] = set()
    for index, line in enumerate(lines):
        if len(line) < rules.DUPLICATE_MIN_CHARS:
            continue
        earlier = first_seen.setdefault(line, index)
        if earlier == index or index in repeated:
            continue
        repeated.add(index)
        for step in (-1, 1):  # grow the block over neighbours that repeat the neighbours of the first copy
            repeated.update(_repeated_neighbours(lines, earlier, index, step))
    starts = []
    pos = 0
    for line in raw_lines:
        starts.append(pos)
        pos += len(line) + 1
    spans = [line_deletion(text, starts[i], starts[i] + len(raw_lines[i])) for i in sorted(repeated)]
    return merge_deletions(spans)


def _reading_key(line: str) -> str:
    """The line as read, for spotting a repeat: without spaces and without the punctuation that a re-rendered
    copy writes in the other width ("（二）" / "(二)", "，" / ","); decimal points and % stay."""
    return _PUNCTUATION_OR_SPACE.sub("", line)


# ASCII punctuation but "%" and "." (figures read alike with them), and its full-width forms.
_READ_THROUGH = "".join(chr(code) for code in range(0x21, 0x7F) if not chr(code).isalnum() and chr(code) not in "%.")
_READ_THROUGH += "".join(chr(full) for full, half in HALFWIDTH_OF.items() if chr(half) in _READ_THROUGH)
_PUNCTUATION_OR_SPACE = re.compile(rf"[\s{re.escape(_READ_THROUGH)}]+")
# The same within lines: every space but the line break (\s is what str.isspace() holds).
_READ_THROUGH_IN_LINE = re.compile(
    "[" + re.escape("".join(ch for ch in map(chr, range(0x3000 + 1)) if ch.isspace() and ch != "\n") + _READ_THROUGH) + "]+"
)


def _repeated_neighbours(lines: list[str], earlier: int, index: int, step: int) -> Iterator[int]:
    """Lines next to ``index`` (going ``step``) equal to the lines next to its first copy at ``earlier``."""
    k = 1
    while True:
        a, b = earlier + step * k, index + step * k
        if a < 0 or b >= len(lines) or a >= index or b <= earlier or not lines[b] or lines[a] != lines[b]:
            return
        yield b
        k += 1
