"""Labels Word generates for numbered paragraphs ("一、" "（一）" "1."): they live in numbering.xml, not in the
paragraph text, and Chinese reports number their headings this way."""

from __future__ import annotations

from docx.oxml.ns import qn

from shared.chinese import CN_DIGIT_BY_VALUE, FULLWIDTH_DIGITS

_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n < 10:
        return CN_DIGIT_BY_VALUE[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGIT_BY_VALUE[tens]) + "十" + (CN_DIGIT_BY_VALUE[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


# w:numFmt values → how a counter is written; formats not listed fall back to decimal
FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(FULLWIDTH_DIGITS[int(d)] for d in str(n)),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "ideographTraditional": lambda n: _HEAVENLY_STEMS[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
}
NO_LABEL = frozenset(("bullet", "none"))


def _val(element, tag: str, default: str | None = None) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val"), default) if found is not None else default


class Numbering:
    """Counts numbered paragraphs in document order and renders their labels."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, format, text)
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            abstract_id = _val(num, "w:abstractNumId")
            abstract = abstracts.get(abstract_id)
            if abstract is None:
                continue
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(_val(lvl, "w:start", "1") or 1), _val(lvl, "w:numFmt", "decimal") or "decimal",
                    _val(lvl, "w:lvlText", "") or "",
                )
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start), *levels[ilvl][1:])
            self._levels[num.get(qn("w:numId"))] = levels
            self._abstract_of[num.get(qn("w:numId"))] = abstract_id

    def label(self, paragraph) -> str:
        num_id, ilvl = self._num_pr(paragraph)
        levels = self._levels.get(num_id) if num_id else None
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(self._abstract_of[num_id], {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        start, fmt, text = levels[ilvl]
        if fmt in NO_LABEL:
            return ""
        for level in range(ilvl + 1):
            if level in levels:
                value = counters.get(level, levels[level][0])
                render = FORMATS.get(levels[level][1], str)
                text = text.replace(f"%{level + 1}", render(value))
        return text

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None:
            num_pr = self._style_num_pr(p_pr)
        if num_pr is None:
            return None, 0
        return _val(num_pr, "w:numId"), int(_val(num_pr, "w:ilvl", "0") or 0)

    def _style_num_pr(self, p_pr):
        """numPr inherited from the paragraph style (and its base styles), as heading styles do."""
        style_id = _val(p_pr, "w:pStyle") if p_pr is not None else None
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return None
            num_pr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
            if num_pr is not None:
                return num_pr
            style_id = _val(style, "w:basedOn")
        return None
