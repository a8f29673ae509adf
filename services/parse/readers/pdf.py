"""Text of a PDF with a text layer (pdfminer.six): lines a page or line wrap broke are joined again, and table
rows are kept as lines of tab-separated cells with their units."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from statistics import median, quantiles

from pdfminer.layout import LAParams, LTFigure, LTImage, LTPage, LTTextContainer, LTTextLine

from shared.errors import DocumentError

from .detect import check_complete_pdf
from .errors import CorruptDocument, EncryptedDocument, NoTextLayer
from .layout_rules import (
    HEADING_START,
    PAGE_NUMBER,
    RUNNING_SHAPE,
    SENTENCE_END,
    SPACE_BETWEEN_CJK,
    UNMAPPED_GLYPH,
)
from .table_units import declared_units, table_lines

# a line whose right end is within this many character widths of the text's right margin is "full": it wrapped
FULL_LINE_SLACK = 2.0
# a line starting this many character widths right of the left margin opens a paragraph (or is centred)
INDENT_MIN = 1.2
# share of "(cid:N)" glyphs above which the text layer is useless
MAX_UNMAPPED_SHARE = 0.2
# a line at the top or bottom of at least this many pages (and of half of them) is a running head or foot
RUNNING_MIN_PAGES = 3
# share of the page height at the top and at the bottom where running heads, feet and page numbers sit
MARGIN_BAND = 0.1
# lines whose middles are within this share of a line's height sit on one baseline (cells of one table row)
ROW_TOLERANCE = 0.5
# a page is read for tables when at least this many rows of side-by-side lines are on it
MIN_TABLE_ROWS = 2
# a table row's first cell (the indicator's name) and its other cells are at most this many characters long;
# two columns of prose put longer lines side by side
MAX_ROW_NAME = 24
MAX_CELL = 16
# punctuation inside a sentence, which table cells do not hold
SENTENCE_PUNCTUATION = re.compile(r"[。，；！？]")
DIGIT = re.compile(r"\d")
# a first-page line this much larger than the running head with the same words is the title, not furniture
TITLE_SIZE_RATIO = 1.2


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    size: float  # glyph height, about one CJK character's width
    in_margin: bool = False  # in the top or bottom band of the page, where running heads and feet go
    middle: float = 0.0  # height of the line's middle on its page
    is_row: bool = False  # a table row: its cells joined by tabs (see table_rows)


def read_pdf(data: bytes, filename: str, page_numbers: set[int] | None = None) -> str:
    """The text of the PDF's text layer (of the pages numbered from 0 in `page_numbers`, or all of them)."""
    check_complete_pdf(data, filename)
    pages, has_images = _extract(data, filename, page_numbers)
    raw = "".join(line.text for page in pages for line in page)
    unmapped = sum(len(m) for m in UNMAPPED_GLYPH.findall(raw))
    if raw.strip() and unmapped > MAX_UNMAPPED_SHARE * len(raw):
        raise NoTextLayer(filename, "no usable text layer: the PDF's fonts have no Unicode mapping (needs OCR)")
    pages = [[line for line in page if _strip_unmapped(line)] for page in pages]
    text = pages_text(pages)
    if not text:
        raise NoTextLayer(
            filename,
            "no text layer: the pages are images (a scan) and need OCR"
            + ("" if has_images else " (the pages hold no text at all)"),
        )
    return text


def pages_text(pages: list[list[Line]]) -> str:
    """Laid-out lines of pages (from a text layer or from OCR) as text: running heads and page numbers dropped,
    table rows made lines, wrapped lines joined into paragraphs; "" when no line is left."""
    lines = [line for page in _without_running_lines(pages) for line in table_rows(page)]
    return _join_lines(lines) if lines else ""


def _extract(data: bytes, filename: str, page_numbers: set[int] | None = None) -> tuple[list[list[Line]], bool]:
    from pdfminer.high_level import extract_pages
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pages: list[list[Line]] = []
    has_images = False
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(), page_numbers=page_numbers):
            pages.append(list(_page_lines(page)))
            has_images = has_images or any(isinstance(item, LTImage | LTFigure) for item in page)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedDocument(filename, "the PDF is password-protected") from None
    except DocumentError:
        raise
    except Exception as error:  # pdfminer raises many kinds of errors on damaged files
        raise CorruptDocument(filename, f"the PDF is damaged and cannot be read ({type(error).__name__})") from None
    return pages, has_images


def _page_lines(page: LTPage):
    for item in page:
        if isinstance(item, LTTextContainer):
            for line in item:
                if isinstance(line, LTTextLine):
                    text = SPACE_BETWEEN_CJK.sub("", line.get_text()).strip()
                    if text:
                        middle = (line.y0 + line.y1) / 2
                        in_margin = not MARGIN_BAND * page.height < middle < (1 - MARGIN_BAND) * page.height
                        yield Line(text, line.x0, line.x1, max(line.height, 1.0), in_margin, middle)


def _strip_unmapped(line: Line) -> bool:
    """Drop stray "(cid:N)" glyphs from the line; False when nothing is left."""
    line.text = UNMAPPED_GLYPH.sub("", line.text).strip()
    return bool(line.text)


def _without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without their furniture: page numbers, and running heads/feet repeated in the top or bottom band of
    most pages (the report's title or the issuing office printed on every page)."""

    def shape(line: Line) -> str:
        return RUNNING_SHAPE.sub("#", line.text)

    counts = Counter(shape_ for page in pages for shape_ in {shape(line) for line in page if line.in_margin})
    repeated = {text for text, count in counts.items() if count >= max(RUNNING_MIN_PAGES, len(pages) / 2)}
    running_size = {
        text: median(line.size for page in pages[1:] for line in page if line.in_margin and shape(line) == text)
        for text in repeated
        if any(line.in_margin and shape(line) == text for page in pages[1:] for line in page)
    }

    def furniture(line: Line, number: int) -> bool:
        if not line.in_margin:
            return False
        if PAGE_NUMBER.match(line.text):
            return True
        text = shape(line)
        if text not in repeated:
            return False
        # page 1 may open with the report's title in the same words as the running head, set larger
        return number > 0 or line.size <= TITLE_SIZE_RATIO * running_size.get(text, line.size)

    return [[line for line in page if not furniture(line, number)] for number, page in enumerate(pages)]


def table_rows(page: list[Line]) -> list[Line]:
    """The page's lines with each table row made one line, its cells in column order and tab-separated, and the
    units of the table's caption or header written into its numeric cells (table_units).

    A row is two or more short lines side by side on one baseline with no sentence punctuation in them (two
    columns of prose are no rows), a table two or more rows one under the other, most of them holding numbers;
    a page without one is left as it is, and the lines outside tables keep their order. Cells
    are put in the columns of the table's fullest rows by their centres, so an empty cell keeps the columns
    after it in place. A table sits where its first line was.
    """
    groups: list[list[Line]] = []
    for line in sorted(page, key=lambda line: (-line.middle, line.x0)):
        if groups and abs(groups[-1][0].middle - line.middle) < ROW_TOLERANCE * min(line.size, groups[-1][0].size):
            groups[-1].append(line)
        else:
            groups.append([line])
    groups = [sorted(group, key=lambda line: line.x0) for group in groups]
    is_row = [_is_row(group) for group in groups]
    # runs of rows next to each other from top to bottom are tables when most of their rows hold numbers
    runs, index = [], 0
    while index < len(groups):
        end = index
        while end < len(groups) and is_row[end]:
            end += 1
        if end - index >= MIN_TABLE_ROWS and 2 * sum(map(_has_number, groups[index:end])) >= end - index:
            runs.append((index, end))
        index = max(end, index + 1)
    if not runs:
        return page
    placed: dict[int, list[Line]] = {}  # id of a table's first line in page order → the table's lines
    members: set[int] = set()
    for start, end in runs:
        rows = groups[start:end]
        caption = groups[start - 1][-1] if start and not is_row[start - 1] else None  # the line just above
        lines = [line for row in rows for line in row]
        placed[id(min(lines, key=page.index))] = _table(rows, caption)
        members.update(id(line) for line in lines)
    out: list[Line] = []
    for line in page:
        if id(line) in placed:
            out.extend(placed[id(line)])
        elif id(line) not in members:
            out.append(line)
    return out


def _is_row(group: list[Line]) -> bool:
    """Short lines side by side, none of them a piece of a sentence (two columns of prose are not a table)."""
    if len(group) < 2:
        return False
    first, *rest = group
    return (len(first.text) <= MAX_ROW_NAME and all(len(line.text) <= MAX_CELL for line in rest)
            and not any(SENTENCE_PUNCTUATION.search(line.text) for line in group))


def _has_number(group: list[Line]) -> bool:
    return any(DIGIT.search(line.text) for line in group[1:])


def _table(rows: list[list[Line]], caption: Line | None) -> list[Line]:
    widest = max(len(row) for row in rows)
    full = [row for row in rows if len(row) == widest]
    # column boundaries: halfway between the fullest rows' neighbouring cells
    bounds = [(max(row[col].x1 for row in full) + min(row[col + 1].x0 for row in full)) / 2 for col in range(widest - 1)]
    grid: list[list[str | None]] = []
    for row in rows:
        cells = [""] * widest
        for line in row:
            col = sum((line.x0 + line.x1) / 2 > bound for bound in bounds)
            cells[col] = f"{cells[col]} {line.text}".strip()
        grid.append(cells)
    texts = table_lines(grid, declared_units(caption.text) if caption is not None else None)
    first, size = rows[0][0], min(line.size for row in rows for line in row)
    left, right = min(line.x0 for row in rows for line in row), max(line.x1 for row in rows for line in row)
    return [Line(text, left, right, size, first.in_margin, first.middle, is_row=True) for text in texts if text]


def _margins(lines: list[Line]) -> tuple[float, float]:
    """Left and right edges of the body text (robust to a few stray lines)."""
    body = [line for line in lines if len(line.text) >= 5 and not line.is_row] or lines
    if len(body) < 4:
        return min(line.x0 for line in body), max(line.x1 for line in body)
    lefts = quantiles((line.x0 for line in body), n=20)
    rights = quantiles((line.x1 for line in body), n=20)
    return lefts[0], rights[-1]


def _join_lines(lines: list[Line]) -> str:
    left, right = _margins(lines)
    indented = [line for line in lines if INDENT_MIN * line.size <= line.x0 - left <= 3.5 * line.size]
    uses_indent = len(indented) >= 2
    out = [lines[0].text]
    for previous, line in zip(lines, lines[1:], strict=False):
        if _continues(previous, line, left, right, uses_indent):
            glue = " " if previous.text[-1].isascii() and previous.text[-1].isalnum() and line.text[0].isascii() else ""
            out[-1] += glue + line.text
        else:
            out.append(line.text)
    return "\n".join(out) + "\n"


def _continues(previous: Line, line: Line, left: float, right: float, uses_indent: bool) -> bool:
    """Whether `line` carries on the paragraph `previous` was wrapped out of."""
    size = line.size
    if previous.is_row or line.is_row:
        return False
    if previous.x1 < right - FULL_LINE_SLACK * size:
        return False  # the previous line stopped short: a title, a heading or a paragraph's last line
    if HEADING_START.match(line.text) or line.x0 - left >= INDENT_MIN * size:
        return False
    # with indented paragraphs, a full line followed by an unindented one is a wrap even after 。
    return uses_indent or not SENTENCE_END.search(previous.text)
