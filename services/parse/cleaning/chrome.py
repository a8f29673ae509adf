"""Page chrome found by what it is: lines scored by the signals of site furniture, judged by where they stand.

A web page holds the report between a head (site banner, breadcrumb, article metadata, file box) and a tail
(tags, related links, footer). Each line gets a score from ``rules.CHROME_SIGNALS`` less its report evidence
(sentence ends, figures with units, length). A line goes when its score reaches ``CHROME_THRESHOLD``; before
the report's first sentence and after its last, ``CHROME_ZONE_THRESHOLD`` suffices, and the unmarked short
lines between chrome lines there (a site's name, a label) go with them. Title lines, headings and report
sentences are never taken by position alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from services.parse.cleaning import rules
from services.parse.cleaning.lines import line_deletion
from services.parse.cleaning.offsets import Edit, merge_deletions


class _Line(NamedTuple):
    start: int
    end: int
    text: str  # stripped of edge spaces


def chrome_score(line: str) -> int:
    """Signals of page chrome the line shows, less the report evidence it carries."""
    line = line.strip(rules.HSPACE)
    if not line:
        return 0
    short = len(line) <= rules.CHROME_RUN_MAX_CHARS
    evidence = None if short else _report_evidence(line)
    if evidence is not None and evidence >= rules.CHROME_PARAGRAPH_EVIDENCE:
        return 0  # a report paragraph: its signals need no looking for
    score = 0
    # (a line opening on a Chinese character of the unified block, a word character of HAN_CLASS, is neither
    # symbols only nor without Chinese: those two patterns are not tried on it)
    han_first = "\u4e00" <= line[0] <= "\u9fff"
    for look, weight, cap in _checks_gated_by(rules.CHROME_GATE_CHARS.intersection(line), han_first):
        if cap == 1:
            if look(line):
                score += weight
        else:
            score += weight * min(cap, len(set(look(line))))
    # (a repeated string repeats the line's first two characters: without them later, no match is tried)
    if (not han_first and rules.NO_CJK.match(line)) or (
        short and line.find(line[:2], 2) >= 0 and rules.REPEATED_STRING.match(line)
    ):
        score += rules.CHROME_ZONE_THRESHOLD + 1
    if not score:
        return 0
    if evidence is None:
        evidence = _report_evidence(line)
    return 0 if evidence >= rules.CHROME_PARAGRAPH_EVIDENCE else score - evidence


@lru_cache(maxsize=1024)  # a table of the rules, filled as gate sets come up: few sets recur on every page
def _signals_gated_by(gates: frozenset[str]) -> tuple[rules.ChromeSignal, ...]:
    indexes = set(rules.CHROME_UNGATED)
    for ch in gates:
        indexes.update(rules.CHROME_SIGNALS_BY_CHAR[ch])
    return tuple(rules.CHROME_SIGNALS[i] for i in sorted(indexes))


@lru_cache(maxsize=1024)
def _checks_gated_by(gates: frozenset[str], han_first: bool) -> tuple[tuple[Callable[[str], object], int, int], ...]:
    """_signals_gated_by as (the pattern's search, or its findall when more than one hit counts; weight; cap),
    without the symbols-only signal for a line opening on a Chinese character."""
    return tuple(
        (signal.pattern.search if signal.cap == 1 else signal.pattern.findall, signal.weight, signal.cap)
        for signal in _signals_gated_by(gates)
        if not (han_first and signal.name == "symbols-only")
    )


def _report_evidence(line: str) -> int:
    """Sentence ends, figures with units and length in wide characters (Chinese text) of a line."""
    # (a line shorter than a length step has no length evidence, however wide its characters)
    wide = len(line) - len(line.encode("ascii", "ignore")) if len(line) >= rules.CHROME_LENGTH_STEP else 0
    evidence = wide // rules.CHROME_LENGTH_STEP + len(rules.SENTENCE_END_CHAR.findall(line))
    if rules.HEADING_START.match(line):
        evidence += rules.CHROME_HEADING_EVIDENCE
    if evidence >= rules.CHROME_PARAGRAPH_EVIDENCE:
        return evidence  # a paragraph: its figures need no counting
    figures = min(rules.CHROME_FIGURES_COUNTED, len(rules.CHROME_FIGURE.findall(line)))
    return evidence + rules.CHROME_FIGURE_WEIGHT * figures


def is_body(line: str) -> bool:
    """A report sentence: a finished sentence, or a long enough line with clause structure."""
    if len(line) < rules.SENTENCE_MIN_CHARS:
        return False
    return rules.SENTENCE_END_CHAR.search(line) is not None or (
        len(line) >= rules.BODY_MIN_CHARS and rules.CLAUSE_MARK.search(line) is not None
    )


def is_title(line: str) -> bool:
    return rules.TITLE_LINE.match(line) is not None


def _protected(lines: list[str], i: int) -> bool:
    """Lines that position alone never takes: titles and the first half of a split title, headings, anything
    with a clause or a figure, datelines and speaker lines."""
    line = lines[i] if i < len(lines) else "。"
    # (the cheapest tests and the likeliest first; a figure and a title's year are looked for only in a line with
    # a digit, which the callers' lines mostly lack)
    return (
        rules.CLAUSE_MARK.search(line) is not None
        or bool(rules.HEADING_START.match(line))
        or is_title(line)
        or ("月" in line and "日" in line and rules.DATELINE.search(line) is not None)  # (both forms hold 月…日)
        or rules.SPEAKER_LINE.search(line) is not None
        or (
            rules.DIGIT.search(line) is not None
            and (rules.CHROME_FIGURE.search(line) is not None or _opens_title(lines, i))
        )
    )


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    new, hspace = tuple.__new__, rules.HSPACE  # (the same _Line, without the call of its generated __new__)
    for raw in text.split("\n"):
        end = pos + len(raw)
        out.append(new(_Line, (pos, end, raw.strip(hspace))))
        pos = end + 1
    return out


def _scores(lines: list[str]) -> tuple[list[int], range | None, range | None]:
    """Each line's chrome score, and the head and tail zones around the report's first and last sentence.

    Every line of the head and the tail is scored (all lines when no report sentence is found). Between them,
    a sentence or a long line is scored only when it holds one of the literals of long chrome lines: scoring
    every line of a long report costs more than the rest of the cleaning, and report text in the middle is
    chrome only on strong signals.
    """
    scores = [0] * len(lines)
    known: dict[str, int] = {}  # a line's score is asked for again (finding the zones, then scoring them)

    def score_of(line: str) -> int:
        found = known.get(line)
        if found is None:
            found = known[line] = chrome_score(line)
        return found

    def body_at(i: int) -> bool:
        # (the whole line's score: a report paragraph is not taken apart sentence by sentence to find where the
        # report starts)
        return is_body(lines[i]) and score_of(lines[i]) < rules.CHROME_ZONE_THRESHOLD

    first = next((i for i in range(len(lines)) if body_at(i)), len(lines))
    last = next((i for i in range(len(lines) - 1, first, -1) if body_at(i)), first)
    sentence_end, clause_mark = rules.SENTENCE_END_CHAR.search, rules.CLAUSE_MARK.search
    for i in (*range(first), *range(last + 1, len(lines))):  # the zones (an empty line scores 0)
        line = lines[i]
        if not line or len(line) > rules.CHROME_MAX_LINE:
            continue
        # (_score inlined for the common case, a line with no sentence end or chrome as a whole)
        whole = known.get(line)
        if whole is None:
            whole = known[line] = chrome_score(line)
        scores[i] = whole if whole >= rules.CHROME_THRESHOLD or sentence_end(line) is None else _score(line, score_of)
    middle = range(first, min(last + 1, len(lines)))  # (none when no report sentence is found)
    with_literal = _with_chrome_literal(lines, middle.start, middle.stop)
    for i in middle:
        line = lines[i]
        n = len(line)
        if not line:
            continue
        # (is_body inlined, for a short line only: this looks at every line of the report)
        short_not_body = n <= rules.CHROME_RUN_MAX_CHARS and not (
            n >= rules.SENTENCE_MIN_CHARS
            and (sentence_end(line) is not None or (n >= rules.BODY_MIN_CHARS and clause_mark(line) is not None))
        )
        if short_not_body or i in with_literal:
            scores[i] = _score(line, score_of)
    if first == len(lines):
        return scores, None, None  # no report sentence: no head or tail to judge lines by
    return scores, range(0, first), range(last + 1, len(lines))


def _with_chrome_literal(lines: list[str], start: int, end: int) -> set[int]:
    """Indexes of the lines from ``start`` to ``end`` that hold a literal of long chrome lines (those for which
    rules.CHROME_LONG_LINE_TRIGGERS finds a literal), found by one scan of them joined (no literal holds a line break)."""
    if start >= end:
        return set()
    ends = list(accumulate([len(line) + 1 for line in lines[start:end]]))  # where each line's successor starts
    joined = "\n".join(lines[start:end])
    return {start + bisect_right(ends, m.start()) for m in rules.CHROME_LONG_LINE_TRIGGERS.finditer(joined)}


def _score(line: str, score_of: Callable[[str], int] = chrome_score) -> int:
    """The line's score, or the best of its sentences': a promotion the scrape glued to a report sentence makes
    the line chrome, and ``_chrome_span`` keeps the sentence."""
    if not line or len(line) > rules.CHROME_MAX_LINE:
        return 0
    whole = score_of(line)
    if whole >= rules.CHROME_THRESHOLD or not rules.SENTENCE_END_CHAR.search(line):
        return whole
    sentences = rules.SENTENCE.findall(line)
    return whole if len(sentences) < 2 else max(whole, max(map(score_of, sentences)))


def _protected_plain(line: str) -> bool:
    """_protected of a line with no digit and no clause mark: a heading, a title, a dateline or a speaker line
    (a clause, a figure and a title's year all need a digit or a clause mark)."""
    return (
        bool(rules.HEADING_START.match(line))
        or is_title(line)
        or ("月" in line and "日" in line and rules.DATELINE.search(line) is not None)
        or rules.SPEAKER_LINE.search(line) is not None
    )


def chrome_lines(lines: list[str]) -> set[int]:
    """Indexes of the chrome lines among ``lines`` (stripped)."""
    scores, head, tail = _scores(lines)
    chrome = {i for i, score in enumerate(scores) if score >= rules.CHROME_THRESHOLD}
    known: dict[int, bool] = {}  # _protected of a line, asked for by the link blocks and again by the runs

    def protected(i: int) -> bool:
        # (asked only of lines with neither a digit nor a clause mark, for which _protected comes down to
        # _protected_plain)
        found = known.get(i)
        if found is None:
            found = known[i] = _protected_plain(lines[i])
        return found

    chrome |= _neighbours(lines, scores, chrome) | _link_blocks(lines, scores, protected)
    if head is None or tail is None:
        return chrome
    chrome |= _related_titles(lines, tail) | _tail_navigation(lines, tail)
    # a bare number above the report is a counter of the page (views, comments); below it, it may be a table's cell
    chrome |= {i for i in head if rules.BARE_COUNT.fullmatch(lines[i])}
    for zone in (head, tail):
        marked = {i for i in zone if scores[i] >= rules.CHROME_ZONE_THRESHOLD and not is_title(lines[i])}
        marked |= chrome & set(zone)
        chrome |= marked | _runs(lines, zone, marked, protected)
    return chrome


def _neighbours(lines: list[str], scores: list[int], chrome: set[int]) -> set[int]:
    """Lines with some chrome signals next to a chrome line (over blank lines): "微信：abc888" under a banner."""
    found: set[int] = set()
    frontier = sorted(chrome)
    while frontier:
        i = frontier.pop()
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j]:
                j += step
            new = 0 <= j < len(lines) and j not in chrome and j not in found
            if new and scores[j] >= rules.CHROME_ZONE_THRESHOLD:
                found.add(j)
                frontier.append(j)
    return found


def _link_blocks(lines: list[str], scores: list[int], protected: Callable[[int], bool]) -> set[int]:
    """Blocks of short unpunctuated lines (over blank lines) most of which show chrome signals: a list of site
    links or tools standing anywhere on the page ("人民网 / 新华网 / 地方政府网站 …", "还原 / 加大 / 减小"); a long
    enough block is a portal's directory of offices and places whatever it shows."""
    found: set[int] = set()
    block: list[int] = []
    for i, line in enumerate([*lines, "。"]):  # a sentence closes the last block
        if not line:
            continue
        # (a line with a digit ends a block: table cells flattened one per line, "356.8", hold the figures)
        # (a line with a clause mark is protected: one scan finds it with the digits)
        if len(line) <= rules.CHROME_RUN_MAX_CHARS and not rules.DIGIT_OR_CLAUSE_MARK.search(line) and not protected(i):
            block.append(i)
            continue
        if not block:
            continue
        marked = sum(1 for j in block if scores[j] >= rules.CHROME_ZONE_THRESHOLD)
        if len(block) >= rules.NAVIGATION_MIN_LINES or (
            len(block) >= rules.LINK_BLOCK_MIN_LINES and 2 * marked >= len(block)
        ):
            found.update(block)
        block = []
    return found


def _related_titles(lines: list[str], tail: range) -> set[int]:
    """Title lines listed one under another after the report's last sentence: links to other articles."""
    titles: list[int] = []
    gap = False  # a line that is no title after the first title
    for i in tail:
        if not lines[i]:
            continue
        if is_title(lines[i]):
            if gap:
                return set()  # titles with text between them: no list of links (the rest need not be looked at)
            titles.append(i)
        elif titles:
            gap = True
    return set(titles) if len(titles) >= rules.RELATED_TITLES_MIN else set()  # (a single title: no list)


def _tail_navigation(lines: list[str], tail: range) -> set[int]:
    """The run of tag or menu lines that ends the page after the report's last sentence (rules.TAG_LINE_YEAR)."""
    run: list[int] = []
    for i in reversed(tail):
        line = lines[i]
        if not line:
            continue
        if not _tag_line(line):
            break
        run.append(i)
    return set(run) if len(run) >= rules.NAVIGATION_MIN_LINES else set()


def _tag_line(line: str) -> bool:
    return (len(line) <= rules.CHROME_RUN_MAX_CHARS and rules.HEADING_START.match(line) is None
            and rules.CLAUSE_MARK.search(line) is None and rules.SENTENCE_END_CHAR.search(line) is None
            and not rules.DIGIT.search(rules.TAG_LINE_YEAR.sub("", line)))


def _runs(lines: list[str], zone: range, marked: set[int], protected: Callable[[int], bool]) -> set[int]:
    """Unmarked short lines next to chrome lines of the zone (over blank lines), up to a protected line."""
    found: set[int] = set()
    for start in sorted(marked):
        for step in (-1, 1):
            i = start + step
            while i in zone:
                line = lines[i]
                stops = len(line) > rules.CHROME_RUN_MAX_CHARS or rules.DIGIT_OR_CLAUSE_MARK.search(line) or protected(i)
                if line and (i in marked or stops):
                    break
                if line:
                    found.add(i)
                i += step
    return found


def _opens_title(lines: list[str], i: int) -> bool:
    """A title split over two lines: this line names the year, the next names the report with no year of its own
    ("南县住房和城乡建设局2018年度整体支出" / "绩效评价报告")."""
    if i + 1 >= len(lines) or not rules.YEAR.search(lines[i]):
        return False
    j = i + 1
    while j < len(lines) and not lines[j]:
        j += 1
    following = lines[j] if j < len(lines) else ""
    return is_title(following) and not rules.YEAR.search(following)


def remove_page_chrome(text: str) -> list[Edit]:
    lines = _lines(text)
    # page marks are left to the steps that glue the sentence a page break cut and find the running heads
    # (is_page_mark of a line with no line break in it, in one match, tried on a line opening like a page mark)
    page_mark, first = rules.PAGE_MARK_WHOLE_LINE.match, rules.PAGE_MARK_FIRST
    chrome = chrome_lines([
        "" if len(line.text) <= rules.PAGE_MARK_MAX_CHARS and (line.text[:1] in first or line.text[:1].isdecimal())
        and page_mark(line.text) else line.text
        for line in lines
    ])
    if not chrome:
        return []
    spans = [line_deletion(text, lines[i].start, lines[i].end) for i in _blanks_between(lines, chrome)]
    kept = None  # the text of the lines that stay, joined only for a "标题:" row
    for i in sorted(chrome):
        line = lines[i]
        if kept is None and "标题" in line.text:
            kept = "\n".join(other.text for j, other in enumerate(lines) if j not in chrome)
        title = _title_field(text, line, kept) if kept is not None else None
        if title is not None:  # the row's label and cells go, its value stays as the title line
            spans += [(line.start, title[0]), (title[1], line.end)]
        elif (title_end := _leading_title(text, line)) is not None:
            spans.append((title_end, line.end))
        else:
            spans.append(_chrome_span(text, line))
    return merge_deletions(spans)


def _chrome_span(text: str, line: _Line) -> tuple[int, int]:
    """What of a chrome line goes: all of it, but report sentences the scrape glued before or after it stay
    ("全年完成固定资产投资6.67亿元，同比增长34.62%。【哒哒素材库】——每天更新材料…")."""
    sentences = [m.span() for m in rules.SENTENCE.finditer(text, line.start, line.end)]
    if len(sentences) < 2:
        return line_deletion(text, line.start, line.end)
    first, last = 0, len(sentences)
    while first < last and chrome_score(text[slice(*sentences[first])]) <= 0:
        first += 1
    while last > first and chrome_score(text[slice(*sentences[last - 1])]) <= 0:
        last -= 1
    if first == last:  # the line is chrome as a whole (its place, its shape), no sentence of it in particular
        return line_deletion(text, line.start, line.end)
    cut_start, cut_end = sentences[first][0], sentences[last - 1][1]
    keep_before = cut_start - line.start >= rules.CHROME_KEEP_MIN_CHARS
    keep_after = line.end - cut_end >= rules.CHROME_KEEP_MIN_CHARS
    if not keep_before and not keep_after:
        return line_deletion(text, line.start, line.end)
    return (cut_start if keep_before else line.start, cut_end if keep_after else line.end)


def _blanks_between(lines: list[_Line], chrome: set[int]) -> list[int]:
    """Blank lines with chrome (or the page's edge) on both sides: they go with the chrome."""
    out, pending, open_above = [], [], True
    for i, line in enumerate(lines):
        if not line.text:
            pending.append(i)
            continue
        if i in chrome and open_above:
            out += pending
        open_above = i in chrome
        pending = []
    return out + (pending if open_above else [])


def _leading_title(text: str, line: _Line) -> int | None:
    """Where a report title that opens a chrome line ends, when wide gaps set it apart from the page fields
    after it ("2013年国务院政府工作报告   中央政府门户网站　www.gov.cn　　 2013年03月19日")."""
    raw = text[line.start : line.end]
    gap = rules.FIELD_GAP.search(raw.strip(rules.HSPACE))
    if gap is None:
        return None
    first = raw.strip(rules.HSPACE)[: gap.start()]
    if not is_title(first) or chrome_score(first) > 0:
        return None
    return line.start + raw.index(first) + len(first)


def _title_field(text: str, line: _Line, kept: str) -> tuple[int, int] | None:
    """The span of the title a "标题:" metadata row gives, when the kept lines do not hold that text already."""
    match = rules.TITLE_FIELD.match(text[line.start : line.end])
    if match is None or match.group("title") in kept:
        return None
    start, end = match.span("title")
    return line.start + start, line.start + end
