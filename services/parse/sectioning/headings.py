"""Recognise one heading: its marker, level, number and title phrase, at a given position of the text."""

from __future__ import annotations

from dataclasses import dataclass

from services.parse.sectioning import patterns as p
from shared.chinese import marker_number


@dataclass
class Heading:
    level: int
    depth: int
    title: str
    start: int  # offset of the heading's first character (its marker) in the text
    number: int | None = None  # the marker's number (一 → 1), None for unnumbered headings
    marker: str = ""  # Marker.name, "bare" or "title"
    part: int | None = None
    end: int = 0  # offset where the heading phrase ends (its body or the next heading follows)


def match_marker(text: str, pos: int) -> tuple[p.Marker, int, int] | None:
    """The heading marker at ``pos``: (marker, its number, offset where the heading phrase begins)."""
    if not p.MARKER_FIRST_CHAR.match(text, pos):
        return None
    m = p.MARKER_ANY.match(text, pos)  # (the markers in turn, in one match)
    if not m:
        return None
    marker, own = p.MARKER_GROUPS[m.lastgroup]
    group = next(filter(None, m.groups()[own]), None)  # its first non-empty group
    return marker, (marker_number(group) if group else 0), m.end()


def phrase_end(text: str, start: int, line_end: int, run_in: bool = False) -> int:
    """Where the heading phrase that begins at ``start`` ends: at the first sentence end, where the body
    visibly starts (一是…, 2023年是…, 各位代表), or at the end of the line."""
    pattern = p.RUN_IN_TITLE_END_GATED if run_in else p.TITLE_END_GATED
    m = pattern.search(text, min(start + 2, line_end), line_end)
    return m.start() if m else line_end


def unmarked_end(text: str, body: int, end: int, run_in: bool) -> int | None:
    """Where a part heading ends when its body runs on with no punctuation (a scrape that lost the
    heading's own line), or None: after a division name in its first clause ("一、工作进展情况城市棚户区
    改造为…"), or where a clause grows far past the clauses before it — a heading's clauses are parallel
    and of like length ("(一)强化调研督办,加大监督检查力度充分发挥主管统筹职能,…" ends after 8 characters
    of its second clause). The second cue only in a run-together scrape: in a document with its line breaks a
    numbered line whose first sentence runs on is a numbered paragraph ("四、在私营工厂做工的工人，现在虽然…")."""
    if end - body <= p.PARALLEL_CLAUSE_MAX:
        return None
    clauses = p.COMMA.split(text[body:end])
    first = p.DIVISION_NOUN_END.search(clauses[0])
    if first and len(clauses[0]) > p.PARALLEL_CLAUSE_MAX:
        return body + first.end()
    if not run_in:
        return None
    start, longest = body, 0
    for n, clause in enumerate(clauses):
        if n and len(clause) >= max(p.PARALLEL_CLAUSE_MAX, 2 * longest):
            return start + longest + p.PARALLEL_CLAUSE_SLACK
        if len(clause) > p.PARALLEL_CLAUSE_MAX:
            return None
        longest = max(longest, len(clause))
        start += len(clause) + 1
    return None


def clean_title(raw: str) -> str:
    return raw.strip().rstrip(p.TITLE_TRIM).strip()


def phrase_ok(phrase: str, level: int, run_in: bool, alone: bool = False) -> bool:
    """Does the text after a marker read as a heading phrase rather than a numbered sentence?

    ``alone``: the phrase is its whole line, with no sentence end and no body after it.
    """
    if run_in:
        limit = p.MAX_PHRASE_RUN_IN[level]
    else:
        limit = p.MAX_PHRASE_ALONE[level] if alone else p.MAX_PHRASE[level]
    if not phrase or len(phrase) > limit or not p.HAS_CJK.search(phrase):
        return False
    if p.QUANTITY_INSIDE.search(phrase):
        # "（一）全省城镇新增就业64.75万人，完成全年计划的107.9%。": a numbered data line at any level
        return False
    if level >= 3 or run_in:
        if p.SENTENCE_INSIDE.search(phrase):
            return False
        if len(p.COMMA.findall(phrase)) > p.MAX_COMMAS_NUMBERED:
            return False
    return True


def numbered_heading(text: str, pos: int, line_end: int, run_in: bool) -> Heading | None:
    """A numbered heading whose marker starts exactly at ``pos``, or None."""
    found = match_marker(text, pos)
    if not found:
        return None
    marker, number, body = found
    end = phrase_end(text, body, line_end, run_in)
    phrase = clean_title(text[body:end])
    if not phrase_ok(phrase, marker.level, run_in, alone=end == line_end):
        cut = unmarked_end(text, body, end, run_in) if marker.level <= p.UNMARKED_END_MAX_LEVEL else None
        if cut is None or not phrase_ok(clean_title(text[body:cut]), marker.level, run_in):
            return None
        end = cut
    title = clean_title(text[pos:end])
    return Heading(marker.level, marker.depth, title, pos, number, marker.name, end=end)


def bare_heading(line: str, start: int) -> Heading | None:
    """An unnumbered standard division heading alone on its line ("2024年工作安排")."""
    title = clean_title(line)
    if len(title) > p.BARE_HEADING_MAX or not p.BARE_HEADING.fullmatch(title):
        return None
    if p.BARE_REVIEW_HEADING.fullmatch(title):
        return None
    return Heading(1, p.BARE_DEPTH, title, start, None, "bare")


def split_heading(text: str, marker_line: tuple[int, int], next_line: tuple[int, int]) -> Heading | None:
    """A marker alone on its line ("(一)") whose phrase opens the next line, as a page break or a converter
    leaves it: "(一)" / "坚决不移抓发展,综合实力显著提升。…"."""
    (start, end), (body, body_end) = marker_line, next_line
    found = match_marker(text, start)
    if not found or found[2] < end:
        return None
    marker, number, _ = found
    phrase_stop = phrase_end(text, body, body_end)
    phrase = clean_title(text[body:phrase_stop])
    if not phrase_ok(phrase, marker.level, run_in=False, alone=phrase_stop == body_end):
        return None
    title = clean_title(text[start:end]) + phrase
    return Heading(marker.level, marker.depth, title, start, number, marker.name, end=phrase_stop)
