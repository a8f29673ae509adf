"""Where a mention sits: its sentence and clause, its sections, and the kind and year that follow from them."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from services.extract.metrics.boundaries import Boundaries
from services.extract.metrics.patterns import (
    ACTUAL_AFTER_GOAL,
    GOAL_LEAD,
    PAST_YEAR_CUE,
    REVIEW_OF_PLAN_TITLE,
    TARGET_CUES,
    TARGET_CUES_CLAUSE,
)
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
        sections = outline.sections
        self._starts = [s.start for s in sections]
        # (a long document has thousands of sections: no lookup walks them all)
        # the first section starting after an offset is found by bisection over the running maximum of starts
        self._reached = [0] * len(sections)
        # the sections open after each section is read (the heading stack), as a chain of parent indexes
        self._stack_parent = [-1] * len(sections)
        # for each section, the nearest earlier one ending later (the "previous greater" chain of ends)
        self._longer_before = [-1] * len(sections)
        top, longer = -1, []
        for i, section in enumerate(sections):
            self._reached[i] = max(section.start, self._reached[i - 1]) if i else section.start
            while top >= 0 and sections[top].level >= section.level:
                top = self._stack_parent[top]
            self._stack_parent[i] = top
            top = i
            while longer and sections[longer[-1]].end <= section.end:
                longer.pop()
            self._longer_before[i] = longer[-1] if longer else -1
            longer.append(i)
        self._placements: dict[tuple[int, int | None], Placement] = {}
        self._review_years: dict[int | None, tuple[int | None, bool]] = {}

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
        """Outline.section_at by bisection: the last-opened section whose span holds the offset.

        The last of the first ``opened`` sections that ends after the offset: from section ``opened - 1`` back
        along the chain of earlier sections that end later (one that ends sooner cannot hold the offset)."""
        i = opened - 1
        while i >= 0 and self.outline.sections[i].end <= offset:
            i = self._longer_before[i]
        return self.outline.sections[i] if i >= 0 else None

    def _place(self, offset: int) -> Placement:
        chain = self._ancestors(offset)
        innermost = self._innermost(bisect_right(self._starts, offset), offset)
        plan = any(s.kind == "plan" and not REVIEW_OF_PLAN_TITLE.search(s.title) for s in chain)
        review_year = plan_year = None
        part_title = self._part_title(offset)
        for section in reversed(chain):
            years = _years(section.title) if section.level > 0 else []  # titles are read below
            if not years:
                continue
            if section.kind == "plan":
                plan_year = plan_year or max(years)
            else:
                review_year = review_year or min(years)
        for title in (part_title, self.title):
            years = _years(title or "")
            if years:
                title_review, title_plan = self._title_period(years, self._part_index(offset))
                review_year = review_year or title_review
                plan_year = plan_year or title_plan
        if plan_year is None and review_year is not None:
            plan_year = review_year + 1
        return Placement(section=innermost, plan=plan, review_year=review_year, plan_year=plan_year)

    def _title_period(self, years: list[int], part: int | None) -> tuple[int, int | None]:
        """Review and plan years a title gives to sections that state none.

        A title naming two years says both ("2023年工作总结和2024年工作计划"). A title naming one is the
        review year, unless a review heading of the report states its own ("2023年XX镇政府工作报告" with
        "一、2023年工作回顾") or the review speaks of "过去一年": then the title's year is the coming one
        ("2024年XX县政府工作报告" with "一、过去一年工作回顾" reviews 2023).
        """
        if len(years) > 1:
            return min(years), max(years)
        if part not in self._review_years:
            self._review_years[part] = self._reviewed_year(part)
        headed, looks_back = self._review_years[part]
        if headed is not None:
            return headed, None
        if looks_back:
            return years[0] - 1, years[0]
        return years[0], None

    def _reviewed_year(self, part: int | None) -> tuple[int | None, bool]:
        """The year the review headings of one report (part) state, and whether its review says "过去一年"."""
        start, end = (0, len(self.text)) if part is None else (self.outline.parts[part].start,
                                                                self.outline.parts[part].end)
        review_end = end
        headed: list[int] = []
        for section in self.outline.sections:
            if section.level != 1 or not start <= section.start < end:
                continue
            if section.kind == "plan":
                review_end = min(review_end, section.start)
            elif section.start < review_end:
                headed.extend(_years(section.title))
        looks_back = bool(PAST_YEAR_CUE.search(self.text, start, review_end))
        return (min(headed) if headed else None), looks_back

    def _ancestors(self, offset: int) -> list[Section]:
        """The heading stack after the sections read up to the first one starting after ``offset``."""
        read = bisect_right(self._reached, offset)  # sections before the first that starts after the offset
        stack: list[Section] = []
        i = read - 1
        while i >= 0:
            stack.append(self.outline.sections[i])
            i = self._stack_parent[i]
        stack.reverse()
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


def has_target_cue(text: str, bounds: Boundaries, start: int, review_year: int | None = None) -> bool:
    """Whether a goal cue governs the number at ``start``: in its sentence (a cue void when it names a past
    year or when the sentence turns back to results after it), or at the start of its clause."""
    sentence_start = bounds.sentences.start_before(start)
    cue = None
    if TARGET_CUES.search(text, sentence_start, start):  # most sentences have none: one search, then all of them
        for found in TARGET_CUES.finditer(text, sentence_start, start):
            year = found["goal_year"]
            if year is None or review_year is None or int(year) > review_year:
                cue = found
    if cue is not None and not ACTUAL_AFTER_GOAL.search(text, cue.end(), start):
        return True
    line_start = text.rfind("\n", 0, sentence_start) + 1
    if line_start < sentence_start:
        lead = _goal_lead_end(text, line_start, bounds.sentences.end_after(line_start))
        if lead >= 0 and not ACTUAL_AFTER_GOAL.search(text, lead, start):
            return True
    clause_start = bounds.cue_clauses.start_before(start)
    for found in TARGET_CUES_CLAUSE.finditer(text, clause_start, start):
        if not _names_an_item(text, found.end(), start):
            return True
    return False


@lru_cache(maxsize=256)
def _goal_lead_end(text: str, start: int, end: int) -> int:
    """Where the goal announcement of a paragraph's first sentence ends, or -1 (asked once per paragraph)."""
    found = GOAL_LEAD.search(text, start, end)
    return found.end() if found else -1


def _names_an_item(text: str, cue_end: int, start: int) -> bool:
    """A cue word inside an item of a list of names ("规划建设股、规划管理股、…21个股室") is part of a name: a 、
    follows it before any number."""
    comma = text.find("、", cue_end, start)
    return comma >= 0 and not any(ch.isdigit() for ch in text[cue_end:comma])
