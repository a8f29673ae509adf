"""The report's own title (level 0) among the lines at the head of a page.

A scraped page puts furniture above a report: site banners, page titles that repeat the report's title with
decorations ("…—全文", "第1篇…", "(山东省)…"), file boxes, metadata rows. The head is every line before the
first body paragraph (or the speech's salutation). Among its short, unnumbered lines that name a report, the
last one is the report's own title: page titles and banners stand above it, the body right below it. A .gov
metadata row "标题：…" gives the title only when no line does. A title broken over two lines (its second half
naming the report, with no year of its own) is joined.
"""

from __future__ import annotations

from services.parse.sectioning import patterns as p
from services.parse.sectioning.compilation import Toc
from services.parse.sectioning.headings import Heading, clean_title, match_marker
from services.parse.sectioning.lines import Line, norm_key

# How many lines with Chinese text the head may hold before the body is taken to have started.
HEAD_MAX_LINES = 12


def find_title(text: str, lines: list[Line], skip: set[int], toc: Toc | None) -> tuple[Heading, list[int]] | None:
    """The level-0 heading and the indices of the lines it covers, or None."""
    found: list[tuple[Heading, list[int]]] = []
    field: Heading | None = None
    seen = 0
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if not p.HAS_CJK.search(line.text):  # markup residue, numbers: no part of the head's count
            continue
        seen += 1
        if seen > HEAD_MAX_LINES or p.SALUTATION.match(line.text):
            break
        if is_body_line(line.text):
            if not found and field is None:
                title = line_title(text, line, toc)
                return (title, [i]) if title else None
            break
        if found and (p.SUBTITLE.match(line.text) or p.SPEAKER.search(line.text)):
            break  # the title stands above its subtitle and speaker
        if field is None:
            field = title_field(text, line)
        candidate = title_line(text, lines, i, skip)
        if candidate:
            found.append(candidate)
    if found:
        preferred = [c for c in found if not p.BARE_HEADING.fullmatch(norm_key(c[0].title))]
        return (preferred or found)[-1]
    return (field, []) if field else None


def is_body_line(line: str) -> bool:
    """A paragraph of the report: Chinese prose (not markup residue), too long for a title or a sentence
    with clauses."""
    if len(p.HAS_CJK.findall(line)) * 2 < len(line):
        return False
    return len(line) > p.MAX_PHRASE[0] or bool(p.SENTENCE_END.search(line) and p.COMMA.search(line))


def names_report(title: str) -> bool:
    return p.REPORT_TITLE.search(norm_key(title)) is not None


def reads_as_title(line: str) -> bool:
    """Short, no sentence punctuation, no heading number, not a subtitle ("——2023年1月5日在…会议上") or
    the speaker's line."""
    return (
        len(line) <= p.MAX_PHRASE[0]
        and p.HAS_CJK.search(line) is not None
        and not p.TITLE_FORBIDDEN.search(line)
        and not p.SUBTITLE.match(line)
        and not p.SPEAKER.search(line)
        and not p.SALUTATION.match(line)
        and match_marker(line, 0) is None
    )


def title_phrase(line: str) -> tuple[int, str]:
    """The title part of a head line and its offset in the line: a page title's category or breadcrumb
    ("乡镇政府工作总结|乡镇人民政府五年工作总结"), a dateline in front and a subtitle after are cut."""
    offset = max(line.rfind(sep) for sep in p.TITLE_SEPARATORS) + 1
    dateline = p.DATELINE.match(line, offset)
    if dateline:
        offset = dateline.end()
    offset += len(line[offset:]) - len(line[offset:].lstrip())
    phrase = p.TITLE_TAIL.sub("", line[offset:]).rstrip()
    return offset, phrase


def title_line(text: str, lines: list[Line], i: int, skip: set[int]) -> tuple[Heading, list[int]] | None:
    line = lines[i]
    offset, phrase = title_phrase(line.text)
    if not phrase or not reads_as_title(phrase) or p.SENTENCE_END.search(phrase[-1]):
        return None
    before = i - 1
    if (
        offset == 0
        and before >= 0
        and before not in skip
        and not p.YEAR.search(norm_key(phrase))
        and reads_as_title(lines[before].text)
        and not p.DATELINE.match(lines[before].text)
        and not names_report(lines[before].text)
        and names_report(lines[before].text + phrase)
    ):
        # "南县住房和城乡建设局2018年度整体支出" / "绩效评价报告": one title broken over two lines
        return Heading(0, 0, lines[before].text + phrase, lines[before].start, None, "title"), [before, i]
    if not names_report(phrase):
        return None
    return Heading(0, 0, clean_title(phrase), line.start + offset, None, "title"), [i]


def title_field(text: str, line: Line) -> Heading | None:
    """The value of a .gov metadata row "标题：…"."""
    m = p.TITLE_FIELD.search(text, line.start, line.end)
    if not m:
        return None
    phrase = clean_title(p.TITLE_TAIL.sub("", m.group(1)))
    if not phrase or not names_report(phrase):
        return None
    return Heading(0, 0, phrase, m.start(1), None, "title")


def line_title(text: str, first: Line, toc: Toc | None) -> Heading | None:
    """The title at the start of the first body line: it may run on into "各位代表：…", into the body
    ("XX镇2023年工作总结今年以来，…") or, in a scraped compilation, into its table of contents."""
    line = first.text
    if p.SALUTATION.match(line):
        return None
    if toc and toc.inline and first.start <= toc.start < first.end:
        line = p.REPORT_COUNT.sub("", clean_title(text[first.start:toc.start]))
    return _title_at_start(text, first, line) or _speech_title(text, first)


def _title_at_start(text: str, first: Line, line: str) -> Heading | None:
    m = p.DOC_TITLE_END.search(line)
    if (m and m.group()) or (m is None and len(line) > p.MAX_PHRASE[0]):
        run_on = p.DOC_TITLE_RUN_ON.match(line) if len(line) > p.MAX_PHRASE[0] else None
        if not run_on:
            return None  # a sentence ends in the line: the document starts with its body
        line, m = run_on.group(), None
    offset, phrase = title_phrase(line[: m.start()] if m else line)
    phrase = clean_title(phrase)
    if not phrase or len(phrase) > p.MAX_PHRASE[0] or p.TITLE_FORBIDDEN.search(phrase):
        return None
    if match_marker(phrase, 0) or not names_report(phrase) or p.SPEAKER.search(phrase):
        return None
    return Heading(0, 0, phrase, first.start + offset, None, "title")


def _speech_title(text: str, first: Line) -> Heading | None:
    """A speech's title inside a flattened first line, after the page's own sentences: the phrase naming
    the report right before its dated subtitle or the salutation ("…参考。 政府工作报告 2022年12月28日在…")."""
    m = p.SPEECH_TITLE.search(text, first.start, min(first.end, first.start + p.SPEECH_TITLE_WITHIN))
    if not m:
        return None
    return Heading(0, 0, clean_title(m.group(1)), m.start(1), None, "title")
