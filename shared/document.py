"""Plain data types that flow between the stages of the analysis core (and into the SQL store)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

from shared.raw_offsets import RawOffsets

SectionKind = Literal["review", "plan"]
MetricKind = Literal["actual", "target"]


@dataclass(frozen=True)
class CleanText:
    """Cleaned text plus, for every cleaned character, the offset of its source character in the raw text.

    ``offsets`` has ``len(text) + 1`` entries; the last one is ``len(raw)`` so spans can be mapped end-exclusive.
    The cleaner and the store give a compact run map (shared.raw_offsets.RawOffsets); any sequence of ints reads.
    """

    text: str
    offsets: Sequence[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span [start, end) to the raw span that covers it."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def clean_offset(self, raw_offset: int) -> int:
        """The first cleaned offset whose source is at or after ``raw_offset``."""
        return bisect_right(self.offsets, raw_offset - 1)

    @classmethod
    def identity(cls, text: str) -> CleanText:
        return cls(text, RawOffsets.identity(len(text)))


@dataclass
class Section:
    level: int
    title: str
    kind: SectionKind
    start: int  # offsets into the cleaned text; a section runs from its heading to the next heading
    end: int
    part: int | None = None  # 1-based index into parts for a compilation, else None


@dataclass
class Part:
    title: str
    start: int
    end: int


@dataclass
class Outline:
    sections: list[Section] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def section_at(self, offset: int) -> Section | None:
        """The innermost (last-opened) section whose span holds the cleaned offset."""
        found = None
        for section in self.sections:
            if section.start > offset:
                break
            if offset < section.end:
                found = section
        return found


@dataclass
class Metric:
    name: str
    value: float | None
    unit: str
    approx: bool = False
    change: str | None = None
    kind: MetricKind = "actual"
    year: int | None = None
    value_max: float | None = None  # a range ("4.5%至5%", "1－2个") gives its bounds; value is the upper one
    placeholder: bool = False
    section: str | None = None  # title of the innermost section holding the metric
    text: str = ""  # the cleaned-text span the metric was read from
    start: int = 0  # offsets into the raw document
    end: int = 0
    value_min: float | None = None


@dataclass
class Analysis:
    doc: str
    text: str
    outline: Outline
    metrics: list[Metric]
    # ReportMetadata.to_dict() of services.parse.metadata: issuer, level, place, year, period, type, meeting date
    metadata: dict[str, str | int | None] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "doc": self.doc,
            "text": self.text,
            "sections": [asdict(s) for s in self.outline.sections],
            "parts": [asdict(p) for p in self.outline.parts],
            "metrics": [asdict(m) for m in self.metrics],
            "metadata": self.metadata,
        }
