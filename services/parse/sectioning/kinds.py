"""Tag each heading as about the period under review or the coming period (plan)."""

from __future__ import annotations

from services.parse.sectioning import patterns as p
from services.parse.sectioning.headings import Heading
from services.parse.sectioning.lines import Line
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


def plan_turn(lines: list[Line], headings: list[Heading]) -> int | None:
    """Where the text turns to the coming period with no numbered heading of its own: the first paragraph
    after the report's first division that opens on the coming period ("下一步，我们将…", "今年是…",
    "今年政府工作的总体要求是…"), or an unnumbered headline line saying so anywhere after the title
    ("今年政府工作重点"). None when there is no such line."""
    first = next((h.start for h in headings if h.level > 0), None)
    title_end = max((h.start for h in headings if h.level == 0), default=-1)
    heading_starts = {h.start for h in headings}
    for line in lines:
        if line.start in heading_starts or not p.PLAN_TURN.match(line.text):
            continue
        headline = len(line.text) <= p.PLAN_HEADLINE_MAX and not p.TITLE_FORBIDDEN.search(line.text)
        if (first is not None and line.start > first) or (headline and line.start > title_end):
            return line.start
    return None


def assign_kinds(headings: list[Heading], parent_of: list[int | None], turn: int | None = None) -> list[SectionKind]:
    """Kinds in document order. A heading with no words of its own takes its parent's kind, except that
    reports put the period under review first: once a plan sibling has opened ("二、2024年工作安排") or a
    review division has closed ("一、2023年工作回顾"), later siblings are the plan ("二、坚持实行扩大内需的
    方针", "三、加强政府自身建设"), and so is every heading after the ``turn`` (:func:`plan_turn`)."""
    kinds: list[SectionKind] = []
    last_child_kind: dict[int | None, SectionKind] = {}
    review_part: dict[int | None, int] = {}  # parent → number of its review division
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
        if last_child_kind.get(parent) == "plan" or (heading.number or 0) > review_part.get(parent, 99):
            inherited = "plan"  # a later number of the same series (a restarted 一、二、… is the review's content)
        if turn is not None and heading.start >= turn:
            inherited = "plan"
        kind = own_kind(heading, coming_year) or inherited
        kinds.append(kind)
        last_child_kind[parent] = kind
        if heading.number and heading.number <= review_part.get(parent, 0):
            del review_part[parent]  # the series restarted ("一、“十一五”回顾", "一、…"): the review's own items
        if heading.level <= 1 and heading.number and p.REVIEW_PART.search(heading.title):
            review_part.setdefault(parent, heading.number)
    return kinds
