"""Report metadata (who issued the report, where, for when, of which type).

STUB, written on the services branch until the analysis core's module lands (same contract): it reads only the
year and the report type from the title by a trivial rule. The lead replaces this file at merge.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from shared.document import Outline

REPORT_TYPES = ("政府工作报告", "工作总结", "工作计划", "工作要点", "汇报")
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")


@dataclass(frozen=True)
class ReportMetadata:
    issuer: str | None = None
    level: str | None = None
    body_kind: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    year: int | None = None
    period: str | None = None
    report_type: str | None = None
    meeting_date: str | None = None

    def to_dict(self) -> dict[str, str | int | None]:
        return asdict(self)


def find_metadata(text: str, outline: Outline | None, filename: str) -> ReportMetadata:
    title = next((s.title for s in (outline.sections if outline else []) if s.level == 0), "")
    head = " ".join((title, filename, text[:200]))
    year = _YEAR.search(head)
    report_type = next((kind for kind in REPORT_TYPES if kind in head), None)
    return ReportMetadata(year=int(year.group(1)) if year else None, report_type=report_type)
