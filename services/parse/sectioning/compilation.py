"""Tables of contents and compilations ("汇编"): where the TOC is, where each report of a compilation starts."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.parse.sectioning import patterns as p
from services.parse.sectioning.headings import clean_title, match_marker
from services.parse.sectioning.lines import Line, blank_between, norm_key


@dataclass
class Toc:
    start: int  # offset of the 目录 heading
    end: int  # offset just past the last entry
    entries: list[str] = field(default_factory=list)  # entry texts, numbering and page numbers cut
    inline: bool = False  # the entries run on one line ("目录1.…报告 2.…报告 3.…")


@dataclass(frozen=True)
class PartStart:
    start: int  # offset of the report's title
    title: str
    line: int | None  # index of the title's line when the title is a line of its own


def toc_entry(line: str) -> str:
    entry = p.TOC_TRAILER.sub("", line)
    return clean_title(p.TOC_NUMBER.sub("", entry, count=1))


def find_toc(text: str, lines: list[Line]) -> Toc | None:
    return _toc_of_lines(text, lines) or _inline_toc(text, lines)


def _toc_of_lines(text: str, lines: list[Line]) -> Toc | None:
    """A 目录 line and the short entry lines after it.

    The entries end at a blank line, a line too long or sentence-like to be an entry, or a line that
    repeats an entry (the body starts with the first report's title right after the list).
    """
    if p.TOC_WORD.search(text) is None:
        return None  # (no 目录 anywhere: no line need be tried)
    for i, line in enumerate(lines):
        if not p.TOC_HEADING.fullmatch(line.text):
            continue
        toc = Toc(line.start, line.end)
        keys: set[str] = set()
        for j in range(i + 1, len(lines)):
            entry = lines[j]
            if toc.entries and blank_between(text, lines[j - 1], entry):
                break
            if len(entry.text) > p.TOC_ENTRY_MAX or p.TITLE_FORBIDDEN.search(p.TOC_TRAILER.sub("", entry.text)):
                break
            name = toc_entry(entry.text)
            if not name or norm_key(name) in keys:
                break
            toc.entries.append(name)
            keys.add(norm_key(name))
            toc.end = entry.end
        return toc if toc.entries else None
    return None


def _inline_toc(text: str, lines: list[Line]) -> Toc | None:
    """A scrape's table of contents on one line: "目录1.2023年白鹤镇政府工作报告 2.2023年冲蒌镇政府工作报告 …"."""
    for line in lines[:3]:
        m = p.TOC_INLINE.search(text, line.start, line.end)
        if not m:
            continue
        toc, pos, number = Toc(m.start(), m.end(), inline=True), m.end(), 1
        while True:
            entry = p.TOC_INLINE_ENTRY.match(text, pos, line.end)
            if not entry or int(entry.group(1)) != number:
                break
            toc.entries.append(clean_title(entry.group(2)))
            toc.end = entry.end(2)
            pos, number = entry.end(), number + 1
        return toc if len(toc.entries) >= 2 else None
    return None


def is_unnumbered_title_line(line: Line) -> bool:
    """A short line with no heading number and no sentence punctuation: how a report's title stands
    (a compilation may put "篇一：" in front of it)."""
    text = p.PART_PREFIX.sub("", line.text, count=1) if p.PART_PREFIX.match(line.text) else line.text
    return (
        len(text) <= p.MAX_PHRASE[0]
        and not p.TITLE_FORBIDDEN.search(text)
        and p.HAS_CJK.search(text) is not None
        and match_marker(text, 0) is None
    )


def names_a_report(title: str) -> bool:
    """A title that names a whole report, not one of a report's standard divisions ("2024年工作计划")."""
    return p.REPORT_TITLE.search(title) is not None and not p.BARE_HEADING.fullmatch(title)


def find_parts(text: str, lines: list[Line], toc: Toc | None) -> list[PartStart]:
    """Where each report of a compilation starts ([] for a single report)."""
    if toc:
        parts = _parts_listed_in(text, lines, toc)
        if len(parts) >= 2:
            return parts
    if not lines or not _announces_compilation(lines):
        return []
    after = toc.end if toc else lines[0].end
    parts = [
        PartStart(line.start, clean_title(line.text), i)
        for i, line in enumerate(lines[:-1])
        if line.start >= after
        and is_unnumbered_title_line(line)
        and names_a_report(line.text)
        and len(lines[i + 1].text) > p.MAX_PHRASE[0]  # a title is followed by a body paragraph
    ]
    return parts if len(parts) >= 2 else []


def _parts_listed_in(text: str, lines: list[Line], toc: Toc) -> list[PartStart]:
    """The reports a TOC lists, found in order after it: as a line of their own, or (in a run-together
    scrape) right after a sentence end, running on into the body."""
    parts: list[PartStart] = []
    pos = toc.end
    by_start = {line.start: i for i, line in enumerate(lines)}
    for entry in toc.entries:
        if not names_a_report(entry):
            continue
        found = _find_title(text, lines, entry, pos, toc.inline)
        if found is not None:
            parts.append(PartStart(found, entry, by_start.get(found)))
            pos = found + len(entry)
    return parts


def _find_title(text: str, lines: list[Line], entry: str, pos: int, inline: bool) -> int | None:
    key = norm_key(entry)
    for line in lines:
        if line.start >= pos and is_unnumbered_title_line(line) and norm_key(toc_entry(line.text)) == key:
            return line.start
    if inline:  # "…表示感谢!2023年冲蒌镇政府工作报告各位代表:…"
        at = text.find(entry, pos)
        while at != -1:
            if at == 0 or text[at - 1].isspace() or text[at - 1] in p.RUN_ON_TITLE_AFTER:
                return at
            at = text.find(entry, at + 1)
    return None


def _announces_compilation(lines: list[Line]) -> bool:
    return any(p.COMPILATION_TITLE.search(line.text) for line in lines[:2])
