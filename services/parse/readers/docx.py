"""Text of a Word .docx (python-docx): body paragraphs and tables in reading order, content controls opened."""

from __future__ import annotations

import io

from shared.errors import DocumentError

from .detect import check_complete_docx
from .docx_numbering import Numbering
from .errors import CorruptDocument
from .table_units import declared_units, table_lines

# parts of a paragraph whose runs are not its current text: tracked deletions and moved-away text, and text
# boxes (their own paragraphs, anchored mid-line); everything else — tracked insertions, hyperlinks, smart tags,
# fields, inline content controls — holds runs that Word shows (python-docx's Paragraph.text skips those)
_SKIPPED_IN_PARAGRAPH = ("w:del", "w:moveFrom", "w:txbxContent", "w:pPr", "w:rPr")


def read_docx(data: bytes, filename: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_complete_docx(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_block_lines(document.element.body, document.part, Numbering(document)))
    except DocumentError:
        raise
    except PackageNotFoundError:
        raise CorruptDocument(filename, "the .docx is not a Word document package") from None
    except Exception as error:  # zipfile/lxml/KeyError on damaged packages
        raise CorruptDocument(filename, f"the .docx is damaged and cannot be read ({type(error).__name__})") from None
    return "\n".join(lines) + "\n"


def _block_lines(container, part, numbering: Numbering):
    """Lines of the block items (paragraphs, tables, content controls) of a body or table cell, in order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    caption_units = None  # declared by the paragraph just before a table ("单位：万元")
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            line = numbering.label(Paragraph(child, part)) + _paragraph_text(child)
            if line.strip():
                caption_units = declared_units(line)
            yield line
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, part), part, numbering, caption_units)
            caption_units = None
        elif child.tag == qn("w:sdt"):  # content control (e.g. a form field or generated block)
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_lines(content, part, numbering)


def _table_lines(table, part, numbering: Numbering, caption_units: list[str] | None = None):
    """One line per row, cells separated by a tab, a merged cell written once, and the units of the caption or the
    header written into the numeric cells below it (see table_units)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                cells.append(None)  # the merged cell to its left spans this grid column
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line.strip() for line in _block_lines(cell._tc, part, numbering) if line.strip()))
        rows.append(cells)
    yield from table_lines(rows, caption_units)


def _paragraph_text(paragraph) -> str:
    from docx.oxml.ns import qn

    run_tag, skipped = qn("w:r"), {qn(tag) for tag in _SKIPPED_IN_PARAGRAPH}
    parts: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            if child.tag == run_tag:
                parts.append(child.text)  # python-docx's CT_R.text: w:t, tabs, breaks
            elif child.tag not in skipped:
                walk(child)

    walk(paragraph)
    return "".join(parts)
