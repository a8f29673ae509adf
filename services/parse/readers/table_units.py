"""Table rows as lines the metric extractor reads, with the table's units written into its numeric cells.

Report tables state units once: in a caption ("单位：万元", "（单位：万元、%）"), in a column header ("2023年（万元）",
"增长%") or in a unit column ("指标 | 单位 | 2023年"). A bare number in a cell means nothing to the extractor,
so each one gets the unit that applies to its column (a unit column's unit for its row), and a unit column is
dropped once its units are in the cells: "地区生产总值 | 1568000 | 5.6" under "单位：万元、%" becomes
"地区生产总值\t1568000万元\t5.6%".
"""

from __future__ import annotations

import re

CELL_SEPARATOR = "\t"

# the units a report table declares (money, shares, counts, areas, amounts, energy)
_UNIT = (
    r"(?:[万亿千百]?(?:美元|港元|元)|个百分点|百分点|[%％‰]|倍|"
    r"[万亿]?(?:人次|人|户|个|家|项|亩|公顷|吨|辆|台|套|件|所|座|张|名|次|头|只|株|床|册|"
    r"千瓦时|千瓦|平方公里|平方米|立方米|公里|千米|标准箱|标箱))"
)
UNIT = re.compile(_UNIT)
# "单位：万元" / "计量单位：万元、%" / "(单位:亿元,%)": on a line of its own or at the end of a table title
DECLARATION = re.compile(
    rf"[（(]?\s*(?:计量|金额)?单位\s*[:：]\s*(?P<units>{_UNIT}(?:\s*[、,，/和及]\s*{_UNIT})*)\s*[)）]?\s*$"
)
# a unit in a column header: "2023年（万元）", "金额(亿元)", "增长%", "比上年增长（%）"
HEADER_UNIT = re.compile(rf"[（(]\s*(?:单位\s*[:：]\s*)?(?P<bracketed>{_UNIT})\s*[)）]|(?P<trailing>[%％‰])\s*$")
UNIT_COLUMN = re.compile(r"^\s*(?:计量)?单位\s*$")
# columns of rates: a money unit declared for the table does not apply to them
RATE_COLUMN = re.compile(r"增长|增速|增幅|下降|比重|占比|同比|比上年|比去年|[率%％]")
RATE_UNITS = frozenset({"%", "％", "‰", "个百分点", "百分点", "倍"})
# a cell holding a number and nothing else ("1568000", "-3.2", "12,345.6")
BARE_NUMBER = re.compile(r"^\s*[-+−]?\d+(?:,\d{3})*(?:\.\d+)?\s*$")
# a caption line is short; a declaration in a long sentence is prose
MAX_CAPTION = 60


def declared_units(line: str) -> list[str] | None:
    """The units a caption line declares ("单位：万元、%" → ["万元", "%"]), or None."""
    if len(line.strip()) > MAX_CAPTION:
        return None
    match = DECLARATION.search(line.strip())
    return UNIT.findall(match.group("units")) if match else None


def table_lines(rows: list[list[str | None]], caption_units: list[str] | None = None) -> list[str]:
    """Lines of a table given as rows of cells, one per grid column, None where the cell to its left spans it.

    A merged cell is written once; the rows before the first one holding a bare number are the header.
    """
    spans = [[cell is None for cell in row] for row in rows]
    rows = [_filled(row) for row in rows]
    units = list(caption_units or [])
    # a row that is only a unit declaration (a merged first row "单位：万元") declares the table's units
    declarations, kept = [], []
    for row, span in zip(rows, spans, strict=True):
        distinct = {cell for cell in row if cell}
        declared = declared_units(next(iter(distinct))) if len(distinct) == 1 else None
        if declared and not kept:
            units, declarations = declared, [*declarations, next(iter(distinct))]
        else:
            kept.append((row, span))
    rows, spans = [row for row, _ in kept], [span for _, span in kept]
    first_data = next((i for i, row in enumerate(rows) if any(BARE_NUMBER.match(c) for c in row[1:])), len(rows))
    header = rows[:first_data]
    width = max((len(row) for row in rows), default=0)
    headers = [" ".join(dict.fromkeys(row[col] for row in header if col < len(row) and row[col])) for col in range(width)]
    unit_column = next((col for col, text in enumerate(headers) if UNIT_COLUMN.match(text)), None)
    column_units = [_column_unit(text, units) if col else None for col, text in enumerate(headers)]
    lines = declarations + [_render(row, spans[i]) for i, row in enumerate(header)]
    for row, span in zip(rows[first_data:], spans[first_data:], strict=True):
        row_unit = None
        if unit_column is not None and unit_column < len(row) and UNIT.fullmatch(row[unit_column]):
            row_unit = row[unit_column]
        cells = []
        for col, cell in enumerate(row):
            if span[col] or (col == unit_column and row_unit):
                cells.append(None)  # spanned by the cell to its left, or a unit now written into the numbers
                continue
            unit = column_units[col] if col < width else None
            if row_unit and not (unit in RATE_UNITS or RATE_COLUMN.search(headers[col] if col < width else "")):
                unit = row_unit
            cells.append(cell + unit if unit and BARE_NUMBER.match(cell) else cell)
        lines.append(CELL_SEPARATOR.join(cell for cell in cells if cell is not None).rstrip())
    return lines


def _column_unit(header: str, table_units: list[str]) -> str | None:
    found = HEADER_UNIT.search(header)
    if found:
        return found.group("bracketed") or found.group("trailing")
    rates = [unit for unit in table_units if unit in RATE_UNITS]
    amounts = [unit for unit in table_units if unit not in RATE_UNITS]
    if RATE_COLUMN.search(header):
        return rates[0] if rates else None
    return amounts[0] if amounts else None


def _filled(row: list[str | None]) -> list[str]:
    """Each grid column's text: a spanned column has the text of the cell that spans it."""
    out: list[str] = []
    for cell in row:
        out.append(out[-1] if cell is None and out else (cell or "").strip())
    return out


def _render(row: list[str], span: list[bool]) -> str:
    return CELL_SEPARATOR.join(cell for cell, spanned in zip(row, span, strict=True) if not spanned).rstrip()
