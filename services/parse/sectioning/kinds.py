"""Tag each heading as about the period under review or the coming period (plan)."""

from __future__ import annotations

from services.parse.sectioning import patterns as p
from services.parse.sectioning.headings import Heading
from shared.document import SectionKind


def plan_year(title: str) -> int | None:
    """The coming year of a report whose title names two years ("2023年工作总结和2024年工作计划" → 2024)."""
    years = {int(y) for y in p.YEAR.findall(title)}
    return max(years) if len(years) >= 2 else None


def is_review(title: str, division: bool) -> bool:
    return bool(p.REVIEW_WORDS.search(title) or (division and p.REVIEW_DIVISION_WORDS.search(title)))


def is_plan(title: str, division: bool) -> bool:
    return bool(p.PLAN_WORDS.search(title) or (division and p.PLAN_DIVISION_WORDS.search(title)))


def own_kind(heading: Heading, coming_year: int | None) -> SectionKind | None:
    """The kind a heading's own words give it, or None when they say nothing (it inherits)."""
    division = heading.level <= 1
    if is_review(heading.title, division):
        return "review"
    if is_plan(heading.title, division):
        return "plan"
    if coming_year is not None and heading.level > 0:
        year = p.YEAR.search(heading.title)
        if year and int(year.group(1)) >= coming_year:
            return "plan"
    return None


def title_kind(title: str) -> SectionKind:
    """A report's title: plan only when it is a plan and nothing else ("2024年工作要点")."""
    if is_plan(title, division=True) and not is_review(title, division=True) and "报告" not in title:
        return "plan"
    return "review"


def assign_kinds(headings: list[Heading], parent_of: list[int | None]) -> list[SectionKind]:
    """Kinds in document order. A heading with no words of its own takes its parent's kind, except that
    once a plan sibling has opened ("二、2024年工作安排"), later siblings are still the plan
    ("三、加强政府自身建设") — reports put the period under review first."""
    kinds: list[SectionKind] = []
    last_child_kind: dict[int | None, SectionKind] = {}
    coming_year: int | None = None
    for i, heading in enumerate(headings):
        if heading.level == 0:
            coming_year = plan_year(heading.title)
            kinds.append(title_kind(heading.title))
            continue
        if coming_year is None and is_review(heading.title, heading.level <= 1):
            # "一、2022年工作回顾": a later heading naming 2023 speaks of the coming year
            reviewed = p.YEAR.search(heading.title)
            coming_year = int(reviewed.group(1)) + 1 if reviewed else None
        parent = parent_of[i]
        inherited: SectionKind = kinds[parent] if parent is not None else "review"
        if last_child_kind.get(parent) == "plan":
            inherited = "plan"
        kind = own_kind(heading, coming_year) or inherited
        kinds.append(kind)
        last_child_kind[parent] = kind
    return kinds
