"""Heading trees over the full corpus (tests/data/full/docs, 308 real reports, no gold): counts that must be 0.

- plan-titled divisions (level 1) tagged review: the coming period's divisions of a report ("二、对今年政府工作的
  建议", "三、2026年重点工作", "二、“十五五”时期主要目标任务", "三、下一步工作打算") must be plan;
- files with "一、" headings in the text (and at least 3 numbered lines) but fewer than 3 headings found;
- glossary (名词解释) entries found as headings.

What counts as a plan title is written here on its own, from how reports name their coming-period divisions,
and not taken from the sectioner's tables: a measure derived from the rules under test could not fail.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from services.parse.cleaning import clean_text
from services.parse.readers import read_document
from services.parse.sectioning import find_outline

FULL = Path(__file__).resolve().parents[1] / "data" / "full" / "docs"

# How a report names the division about the coming period, and words that make a division the review.
PLAN_TITLE = re.compile(
    r"下一步|下步|下半年|今后|明年|来年|新的一年|打算|工作计划|工作安排|工作思路|建议|目标任务|主要任务|重点工作"
    r"|工作任务|展望|政策取向|总体要求"
)
REVIEW_TITLE = re.compile(r"回顾|完成情况|执行情况|总结|成就|成绩|成效|进展")
# A line break in the text: a real one, or the literal "\r\n" some pages deliver (turned into real breaks by
# the cleaner once it handles them).
BREAK = re.compile(r"\n|\\r\\n")
FIRST_PART_HEADING = re.compile(r"[ \t\u3000]*一、")
NUMBERED_LINE = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
GLOSSARY_LABEL = re.compile(r"名词(?:解释|注释)")
# Tokens another change of the cleaner turns into breaks and spaces; files holding them are counted apart.
LITERAL_TOKENS = re.compile(r"\\r\\n|<U\+00A0>|&nbsp;")


@cache
def corpus() -> dict[str, tuple[str, list]]:
    out = {}
    for path in sorted(FULL.glob("*.txt")):
        text = clean_text(read_document(path.read_bytes(), path.name)).text
        out[path.stem] = (text, find_outline(text).sections)
    return out


def plan_titled_tagged_review() -> list[str]:
    found = []
    for doc, (_, sections) in corpus().items():
        seen = set()
        for s in sections:
            if s.level != 1 or s.title in seen:  # navigation repeated on every page: each title once
                continue
            seen.add(s.title)
            if PLAN_TITLE.search(s.title) and not REVIEW_TITLE.search(s.title) and s.kind == "review":
                found.append(f"{doc}: {s.title}")
    return found


def few_headings(with_tokens: bool) -> list[str]:
    found = []
    for doc, (text, sections) in corpus().items():
        if bool(LITERAL_TOKENS.search(text)) != with_tokens:
            continue
        lines = BREAK.split(text)
        has_tree = any(FIRST_PART_HEADING.match(line) for line in lines) and sum(
            1 for line in lines if NUMBERED_LINE.match(line)
        ) >= 3  # a truncated excerpt holding one heading has no tree to find
        if has_tree and len(sections) < 3:
            found.append(f"{doc}: {len(sections)} headings")
    return found


def glossary_entries_as_headings() -> list[str]:
    found = []
    for doc, (text, sections) in corpus().items():
        offset, label = 0, None
        for line in BREAK.split(text):
            if len(line.strip()) <= 30 and GLOSSARY_LABEL.search(line):
                label = text.find(line, offset)
                break
            offset += len(line)
        if label is None:
            continue
        found += [f"{doc}: {s.title}" for s in sections if s.level > 0 and s.start > label]
    return found


pytestmark = pytest.mark.skipif(not FULL.is_dir(), reason="full corpus not present")


def test_plan_titled_divisions_are_plan():
    assert plan_titled_tagged_review() == []


def test_files_with_part_headings_have_a_heading_tree():
    assert few_headings(with_tokens=False) == []


def test_files_with_literal_break_tokens_have_a_heading_tree():
    assert few_headings(with_tokens=True) == []


def test_glossary_entries_are_not_headings():
    assert glossary_entries_as_headings() == []
