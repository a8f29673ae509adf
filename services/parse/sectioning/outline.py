"""Assemble the heading tree of a cleaned report: titles, numbered headings, parts, spans and kinds."""

from __future__ import annotations

import heapq

from services.parse.sectioning import patterns as p
from services.parse.sectioning.compilation import PartStart, find_parts, find_toc, toc_entry
from services.parse.sectioning.headings import (
    Heading,
    bare_heading,
    clean_title,
    match_marker,
    numbered_heading,
    split_heading,
)
from services.parse.sectioning.kinds import assign_kinds, plan_turn
from services.parse.sectioning.lines import Line, norm_key, split_lines
from services.parse.sectioning.title import find_title
from shared.document import Outline, Part, Section

# Run-together scrapes: lines this long on average, with fewer line-start headings than one per this many
# characters, get their headings searched inside the lines too.
RUN_TOGETHER_MEAN_LINE = 200
RUN_TOGETHER_CHARS_PER_HEADING = 4000


def build_outline(text: str) -> Outline:
    lines = split_lines(text)
    if not lines:
        return Outline()
    toc = find_toc(text, lines)
    starts = find_parts(text, lines, toc)

    def in_toc(offset: int) -> bool:
        return toc is not None and toc.start <= offset < toc.end

    skip = set() if toc is None else {i for i, line in enumerate(lines) if in_toc(line.start)}
    skip.update(part.line for part in starts if part.line is not None)

    headings: list[Heading] = []
    found_title = find_title(text, lines, skip, toc)
    if found_title:
        title, covered = found_title
        if starts:
            title.depth = -1  # a compilation's title holds all its reports
        headings.append(title)
        skip.update(covered)
    for n, part in enumerate(starts, 1):
        headings.append(Heading(0, 0, part.title, part.start, None, "title", n))

    body = [(i, line) for i, line in enumerate(lines) if i not in skip]
    found = line_start_headings(text, lines, body, skip)
    if is_run_together(text, lines, found):
        # title lines too: a scrape may be one line that starts with the title (which has no number)
        found = run_in_headings(
            text, lines, [(i, line) for i, line in enumerate(lines) if toc is None or not in_toc(line.start)],
            excerpt=not headings,
        )
    headings.extend(drop_unlabelled_toc(
        keep_series([h for h in found if not in_toc(h.start)]), [h.title for h in headings], lines
    ))
    headings.sort(key=lambda h: h.start)
    headings = drop_glossary_entries(headings, lines, starts, text)

    parts = make_parts(text, starts)
    assign_parts(headings, parts)
    nest_restarted_series(headings)
    parent_of, ends = tree_spans(headings, parts, len(text))
    kinds = assign_kinds(headings, parent_of, plan_turn(lines, headings))
    sections = [
        Section(h.level, h.title, kind, h.start, end, h.part)
        for h, kind, end in zip(headings, kinds, ends, strict=True)
    ]
    return Outline(sections=sections, parts=parts)


def drop_unlabelled_toc(found: list[Heading], titles: list[str], lines: list[Line]) -> list[Heading]:
    """A contents list with no 目录 line: numbered lines before the first body paragraph that repeat a
    title or heading found later, and lines ending in dot leaders and a page number ("一、工作回顾……3")."""
    found = [h for h in found if not p.TOC_LEADER.search(h.title)]
    first_body = next((line.start for line in lines if len(line.text) > p.MAX_PHRASE[0]), lines[-1].end)
    listed = [h for h in found if h.start < first_body]
    if not listed:
        return found

    def key(title: str) -> str:
        return norm_key(toc_entry(title))

    repeated = {key(t) for t in titles} | {key(h.title) for h in found if h.start >= first_body}
    listed_keys = [key(h.title) for h in listed]
    drop = {id(h) for h, k in zip(listed, listed_keys, strict=True) if k in repeated or listed_keys.count(k) > 1}
    return [h for h in found if id(h) not in drop]


def drop_glossary_entries(
    headings: list[Heading], lines: list[Line], starts: list[PartStart], text: str | None = None
) -> list[Heading]:
    """A report may end with a glossary: a "名词解释" line and numbered entries ("1.“两重”：是指…"). The
    entries are not headings, up to the next report of a compilation."""
    if text is not None and p.GLOSSARY_LABEL.search(text) is None:
        return headings  # (no label anywhere in the text: no line need be looked at)
    labels = [line.start for line in lines if len(line.text) <= p.GLOSSARY_LABEL_MAX and p.GLOSSARY_LABEL.search(line.text)]
    if not labels:
        return headings
    bounds = sorted(part.start for part in starts)

    def in_glossary(offset: int) -> bool:
        for label in labels:
            end = next((b for b in bounds if b > label), None)
            if label < offset and (end is None or offset < end):
                return True
        return False

    return [h for h in headings if h.level == 0 or not in_glossary(h.start)]


def keep_series(found: list[Heading]) -> list[Heading]:
    """Markers that are only numbers ("1 经济发展平稳") count as headings when they form a series: a
    neighbouring number of the same marker is also a heading. A lone "3 …" is a stray page number or a
    number split from its unit."""
    numbers = {h.number for h in found if h.marker in p.SERIES_ONLY_MARKERS}
    return [
        h for h in found
        if h.marker not in p.SERIES_ONLY_MARKERS or (h.number or 0) - 1 in numbers or (h.number or 0) + 1 in numbers
    ]


def is_page_fragment(lines: list[Line], i: int, heading: Heading, heading_lines: set[int]) -> bool:
    """"2、入XX万元" at a line start right after a body line cut mid-sentence is a page number."""
    if heading.marker not in p.PAGE_NUMBER_MARKERS or i == 0 or i - 1 in heading_lines:
        return False
    previous = lines[i - 1]
    return len(previous.text) >= p.PAGE_BREAK_MIN_LINE and not p.LINE_CLOSED.search(previous.text)


def line_start_headings(text: str, lines: list[Line], body: list[tuple[int, Line]], titles: set[int]) -> list[Heading]:
    """Headings that start a line; ``titles`` are the indices of the title lines."""
    found = []
    heading_lines = set(titles)
    for i, line in body:
        # (most lines open with neither a heading number nor a division name: one match passes them over)
        if not p.LINE_HEADING_FIRST_CHAR.match(line.text) or not p.LINE_HEADING_START.match(text, line.start):
            continue
        # (no marker at the line start: neither a numbered heading nor a split one, however the line goes on)
        numbered = match_marker(text, line.start) is not None
        heading = (numbered and numbered_heading(text, line.start, line.end, run_in=False)) or bare_heading(
            line.text, line.start
        )
        if heading is None and numbered and i + 1 < len(lines):
            heading = split_heading(text, (line.start, line.end), (lines[i + 1].start, lines[i + 1].end))
        if heading and not is_page_fragment(lines, i, heading, heading_lines):
            found.append(heading)
            heading_lines.add(i)
    return found


def is_run_together(text: str, lines: list[Line], found: list[Heading]) -> bool:
    """A scrape whose headings stand inside the lines: few line-start headings for its length, and long
    lines (or no line-start heading at all: a run-together text re-wrapped at a fixed width)."""
    mean_line = sum([len(line.text) for line in lines]) / len(lines)
    outer = sum(1 for h in found if h.level in (1, 2))
    few = outer * RUN_TOGETHER_CHARS_PER_HEADING < len(text)
    return few and (mean_line > RUN_TOGETHER_MEAN_LINE or not found)


def run_in_headings(text: str, lines: list[Line], body: list[tuple[int, Line]], excerpt: bool = False) -> list[Heading]:
    """Headings at line starts and right after a sentence end, numbered in sequence (一 then 二…).

    The sequence check keeps "。3、…" enumerations and stray numbers from passing as headings. An
    ``excerpt`` (no title: the text starts inside a report) may open on a later part heading ("五、").
    """
    found: list[Heading] = []
    last_number: dict[int, int] = {}
    candidates = _run_in_candidates(text, body)
    for (i, line), after_marks in zip(body, candidates, strict=True):
        # (only the positions on a heading's first character: the others would be skipped below)
        positions = [line.start] if p.RUN_IN_HEADING_AT.match(text, line.start) else []
        positions += after_marks
        while positions:
            pos = heapq.heappop(positions)
            if pos >= line.end or not p.HEADING_FIRST_CHAR.match(text, pos):
                continue
            heading = numbered_heading(text, pos, line.end, run_in=True) or bare_run_in(text, pos, line.end)
            if heading is None or (pos == line.start and is_page_fragment(lines, i, heading, set())):
                continue
            after_list_mark = pos > line.start and text[pos - 1 - spaces_before(text, line.start, pos)] in p.RUN_IN_LIST_START
            if after_list_mark and heading.level > p.RUN_IN_LIST_MAX_LEVEL:
                continue
            if after_list_mark and text.startswith(p.LIST_ITEM_END, heading.end):
                continue  # "报告分为四个部分：一、…；二、…；" lists the parts, it does not open them
            expected = last_number.get(heading.depth, 0) + 1
            # an excerpt may start inside a report: its first part heading can be "五、"
            opens_excerpt = (
                excerpt and heading.depth not in last_number and heading.marker in p.EXCERPT_OPENING_MARKERS
            )
            if heading.number is not None and heading.number not in (1, expected) and not opens_excerpt:
                continue
            last_number[heading.depth] = heading.number or 0
            for depth in [d for d in last_number if d > heading.depth]:
                del last_number[depth]
            found.append(heading)
            after = heading.end + len(p.SPACES.match(text, heading.end, line.end).group())
            if after < line.end and text[after] not in p.TITLE_TRIM:
                heapq.heappush(positions, after)  # the next heading may follow with no break
    return found


def _run_in_candidates(text: str, body: list[tuple[int, Line]]) -> list[list[int]]:
    """For each line of ``body``, the positions after a sentence end (and the spaces after it) that hold a
    heading's first character: what ``RUN_IN_CANDIDATE.finditer(text, line.start, line.end)`` ends at, from one
    scan of the text. (A match belongs to the line its sentence end is in, and only when it ends inside that line:
    the spaces of a flattened break may run on to the next line's start, which the line's own scan stops before.)"""
    out: list[list[int]] = [[] for _ in body]
    if not body:
        return out
    k, line_end, line_start = -1, -1, -1
    for m in p.RUN_IN_CANDIDATE.finditer(text, body[0][1].start, body[-1][1].end):
        mark = m.start()
        while mark >= line_end and k + 1 < len(body):  # the first line ending after the mark
            k += 1
            line_start, line_end = body[k][1].start, body[k][1].end
        if line_start <= mark and m.end() < line_end:
            out[k].append(m.end())
    return out


def spaces_before(text: str, floor: int, pos: int) -> int:
    n = 0
    while pos - n > floor and text[pos - n - 1] in p.SPACE_CHARS:
        n += 1
    return n


def bare_run_in(text: str, pos: int, line_end: int) -> Heading | None:
    m = p.BARE_RUN_IN.match(text, pos, line_end)
    if not m:
        return None
    return Heading(1, p.BARE_DEPTH, clean_title(m.group()), pos, None, "bare", end=m.end())


def make_parts(text: str, starts: list[PartStart]) -> list[Part]:
    bounds = [part.start for part in starts] + [len(text)]
    return [Part(part.title, bounds[n], bounds[n + 1]) for n, part in enumerate(starts)]


def assign_parts(headings: list[Heading], parts: list[Part]) -> None:
    for heading in headings:
        if heading.depth < 0:
            continue
        for n, part in enumerate(parts, 1):
            if part.start <= heading.start < part.end:
                heading.part = n


def nest_restarted_series(headings: list[Heading]) -> None:
    """"二、2024年工作计划" (no sub-headings) then "一、聚焦发展质效…": the restarted 一、二、… series is
    that heading's content, so it and everything under it nest one step deeper (levels stay as marked)."""
    shift, last_outer, has_children, part = 0, None, False, None
    for heading in headings:
        if heading.part != part or heading.depth < p.BARE_DEPTH:
            shift, last_outer, has_children, part = 0, None, False, heading.part
            continue
        if heading.depth == p.BARE_DEPTH:
            restarts = (
                heading.marker == "cn" and heading.number == 1 and last_outer is not None and not has_children
                and (last_outer.marker == "bare" or (last_outer.number or 0) >= 2)
            )
            if restarts:
                shift = p.RESTART_SHIFT
            elif shift == 0 or heading.marker == "bare":
                shift, last_outer, has_children = 0, heading, False
                continue
        elif shift == 0:
            has_children = True
        heading.depth += shift


def tree_spans(headings: list[Heading], parts: list[Part], text_end: int) -> tuple[list[int | None], list[int]]:
    """Each heading's parent index and span end (the next heading at the same or an outer depth)."""
    parent_of: list[int | None] = []
    ends = [0] * len(headings)
    stack: list[int] = []
    for i, heading in enumerate(headings):
        while stack and (headings[stack[-1]].depth >= heading.depth or headings[stack[-1]].part != heading.part):
            if headings[stack[-1]].depth < 0:
                break
            ends[stack.pop()] = heading.start
        parent_of.append(stack[-1] if stack else None)
        stack.append(i)
    for i in stack:
        part = headings[i].part
        ends[i] = parts[part - 1].end if part else text_end
    return parent_of, ends
