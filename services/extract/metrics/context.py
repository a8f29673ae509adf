"""Where a mention sits: its sentence and clause, its sections, and the kind and year that follow from them."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from services.extract.metrics.boundaries import Boundaries
from services.extract.metrics.patterns import TARGET_CUES, TARGET_CUES_CLAUSE
from shared.document import Outline, Section

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|—|-|－|～|~|至)")
# A year stated in the clause of the number: "2022年森林督查44个违法图斑"; not a comparison base
# ("比2022年增长", "较上年") nor the start of a period running up to now ("2021年以来").
_STATED_YEAR = re.compile(r"(?<![比较与同\d])((?:19|20)\d\d)年(?!以来|来|\d|至|[-—－~])")
# Words that bring a sentence back to the report's own period after an earlier year
# ("履行2022年签订的合同，今年以来，共计采购农产品约6万元").
_CURRENT_PERIOD = re.compile(r"今年|本年|全年|年内|截至目前|目前")



@dataclass
class Placement:
    """What the outline says about one cleaned offset."""

    section: Section | None
    plan: bool
    review_year: int | None
    plan_year: int | None


class Locator:
    """Answers section, kind and year questions for offsets of one document, walking the outline once."""

    def __init__(self, text: str, outline: Outline):
        self.text = text
        self.outline = outline
        self.title = self._document_title()
        title_years = _years(self.title)
        self.default_review_year = min(title_years) if title_years else None
        self.default_plan_year = max(title_years) if len(title_years) > 1 else None
        self._starts = [s.start for s in outline.sections]
        self._placements: dict[tuple[int, int | None], Placement] = {}

    def _document_title(self) -> str:
        for section in self.outline.sections:
            if section.level == 0:
                return section.title
        first_line = next((line for line in self.text[:2000].splitlines() if line.strip()), "")
        return first_line[:80]

    def place(self, offset: int) -> Placement:
        opened = bisect_right(self._starts, offset)  # sections opened at or before the offset
        key = (opened, self._part_index(offset))
        if key not in self._placements:
            self._placements[key] = self._place(offset)
        placement = self._placements[key]
        innermost = self._innermost(opened, offset)
        if innermost is not placement.section:
            placement = replace(placement, section=innermost)
        return placement

    def _innermost(self, opened: int, offset: int) -> Section | None:
        """Outline.section_at by bisection: the last-opened section whose span holds the offset."""
        for section in reversed(self.outline.sections[:opened]):
            if offset < section.end:
                return section
        return None

    def _place(self, offset: int) -> Placement:
        chain = self._ancestors(offset)
        innermost = self._innermost(bisect_right(self._starts, offset), offset)
        plan = any(s.kind == "plan" for s in chain)
        review_year = plan_year = None
        part_title = self._part_title(offset)
        for section in reversed(chain):
            years = _years(section.title)
            if not years:
                continue
            if section.kind == "plan":
                plan_year = plan_year or max(years)
            else:
                review_year = review_year or min(years)
        for title in (part_title, self.title):
            years = _years(title or "")
            if years:
                review_year = review_year or min(years)
                if len(years) > 1:
                    plan_year = plan_year or max(years)
        if plan_year is None and review_year is not None:
            plan_year = review_year + 1
        return Placement(section=innermost, plan=plan, review_year=review_year, plan_year=plan_year)

    def _ancestors(self, offset: int) -> list[Section]:
        stack: list[Section] = []
        for section in self.outline.sections:
            if section.start > offset:
                break
            while stack and stack[-1].level >= section.level:
                stack.pop()
            stack.append(section)
        return [s for s in stack if s.level > 0 or s.start <= offset < s.end]

    def _part_index(self, offset: int) -> int | None:
        for i, part in enumerate(self.outline.parts):
            if part.start <= offset < part.end:
                return i
        return None

    def _part_title(self, offset: int) -> str | None:
        index = self._part_index(offset)
        return None if index is None else self.outline.parts[index].title


def _years(title: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(title)]


def stated_year(text: str, bounds: Boundaries, start: int) -> int | None:
    """The year written in the number's sentence before it, if any ("2022年森林督查44个违法图斑，违法采伐林木…")."""
    before = text[bounds.sentences.start_before(start):start]
    years = list(_STATED_YEAR.finditer(before))
    if not years or _CURRENT_PERIOD.search(before, years[-1].end()):
        return None
    return int(years[-1].group(1))


def has_target_cue(text: str, bounds: Boundaries, start: int) -> bool:
    return bool(TARGET_CUES.search(text[bounds.sentences.start_before(start):start])
                or TARGET_CUES_CLAUSE.search(text[bounds.cue_clauses.start_before(start):start]))
