"""One indicator across many reports: the indicator groups, and the pivot (reports × indicator groups).

A report is a processed document (a duplicate answers with its original, shown once). Each cell is one metric
row — the report's first metric of that group, actual figures before targets — so every value in the pivot is
a stored metric, linked back to its source by the metric's id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.metadata import MetadataFilter, metadata_views
from shared.db.models import METADATA_FIELDS, Document, MetricRow, Status
from shared.metrics_export import metadata_column, plain_number

DEFAULT_COLUMNS = 12  # indicator groups shown when none is asked for: those found in the most reports
MAX_COLUMNS = 200
_CHUNK = 500  # ids per IN (…) list, within every backend's parameter limit


@dataclass(frozen=True)
class Scope:
    """Which reports: a batch (None: all), their metadata, and the metrics' kind (actual / target)."""

    batch_id: str | None = None
    metadata: MetadataFilter = field(default_factory=MetadataFilter)
    kind: str | None = None


@dataclass(frozen=True)
class Report:
    document_id: str
    batch_id: str
    filename: str
    path: str
    metadata: dict


def reports(session: Session, scope: Scope) -> dict[str, Report]:
    """The processed reports in scope, by id, in upload order."""
    query = select(Document).where(Document.status.in_((Status.DONE, Status.DUPLICATE)))
    if scope.batch_id is not None:
        query = query.where(Document.batch_id == scope.batch_id)
    documents = list(session.scalars(query.order_by(Document.created_at, Document.id)))
    wanted = list(dict.fromkeys(d.duplicate_of if d.status == Status.DUPLICATE else d.id for d in documents))
    wanted = [i for i in wanted if i]
    sources = {d.id: d for d in documents}
    missing = [i for i in wanted if i not in sources]
    for chunk in (missing[i:i + _CHUNK] for i in range(0, len(missing), _CHUNK)):
        sources.update((d.id, d) for d in session.scalars(select(Document).where(Document.id.in_(chunk))))
    views = metadata_views(session, wanted)
    found = {}
    for document_id in wanted:
        document = sources.get(document_id)
        if document is None or document.status != Status.DONE:
            continue
        values = views[document_id].values
        if scope.metadata.accepts(values):
            found[document_id] = Report(document_id, document.batch_id, document.filename,
                                        document.path or document.filename, values)
    return found


def _metrics(session: Session, report_ids: list[str], kind: str | None, indicators: tuple[str, ...] = ()):
    for chunk in (report_ids[i:i + _CHUNK] for i in range(0, len(report_ids), _CHUNK)):
        query = select(MetricRow).where(MetricRow.document_id.in_(chunk), MetricRow.placeholder.is_(False))
        if kind is not None:
            query = query.where(MetricRow.kind == kind)
        if indicators:
            query = query.where(MetricRow.indicator.in_(indicators))
        yield from session.scalars(query.order_by(MetricRow.document_id, MetricRow.position))


@dataclass(frozen=True)
class IndicatorGroup:
    indicator: str
    metrics: int  # metric rows in the group
    reports: int  # reports with at least one
    units: list[str]  # most frequent first
    years: list[int]
    names: list[str]  # the wordings grouped under it, most frequent first


def indicator_groups(session: Session, scope: Scope, contains: str | None = None) -> list[IndicatorGroup]:
    """Every indicator group of the reports in scope, the most widely reported first."""
    in_scope = reports(session, scope)
    metrics: Counter[str] = Counter()
    documents: dict[str, set[str]] = defaultdict(set)
    units: dict[str, Counter[str]] = defaultdict(Counter)
    years: dict[str, set[int]] = defaultdict(set)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for row in _metrics(session, list(in_scope), scope.kind):
        group = row.indicator or row.name
        if contains and contains not in group and contains not in row.name:
            continue
        metrics[group] += 1
        documents[group].add(row.document_id)
        units[group][row.unit] += 1
        names[group][row.name] += 1
        if row.year is not None:
            years[group].add(row.year)
    order = sorted(metrics, key=lambda g: (-len(documents[g]), -metrics[g], g))
    return [IndicatorGroup(g, metrics[g], len(documents[g]), [u for u, _ in units[g].most_common()],
                           sorted(years[g]), [n for n, _ in names[g].most_common()]) for g in order]


@dataclass(frozen=True)
class Cell:
    metric_id: int
    name: str
    value: int | float | None
    unit: str
    approx: bool
    value_min: int | float | None
    value_max: int | float | None
    kind: str
    year: int | None
    sentence: str
    others: int  # more metrics of the same group in the report (not shown in the cell)

    def mark(self) -> str:
        """How the value is to be read: ≈ (about), a range, or nothing."""
        if self.value_min is not None and self.value_max is not None and self.value_min != self.value_max:
            return f"{self.value_min}–{self.value_max}"
        return "≈" if self.approx else ""


@dataclass(frozen=True)
class PivotRow:
    report: Report
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Pivot:
    indicators: list[str]
    rows: list[PivotRow]


def pivot(session: Session, scope: Scope, indicators: tuple[str, ...] = (), with_empty: bool = False) -> Pivot:
    """Reports × indicator groups; without ``indicators``, the groups found in the most reports. A report with
    none of the groups is left out unless ``with_empty``."""
    in_scope = reports(session, scope)
    if not indicators:
        indicators = tuple(g.indicator for g in indicator_groups(session, scope)[:DEFAULT_COLUMNS])
    indicators = tuple(dict.fromkeys(indicators))[:MAX_COLUMNS]
    chosen: dict[str, dict[str, list[MetricRow]]] = defaultdict(lambda: defaultdict(list))
    for row in _metrics(session, list(in_scope), scope.kind, indicators):
        chosen[row.document_id][row.indicator].append(row)
    rows = []
    for document_id, report in in_scope.items():
        groups = chosen.get(document_id, {})
        if not groups and not with_empty:
            continue
        cells = {}
        for group, found in groups.items():
            first = min(found, key=lambda m: (m.kind != "actual", m.position))
            cells[group] = Cell(first.id, first.name, plain_number(first.value), first.unit, bool(first.approx),
                                plain_number(first.value_min), plain_number(first.value_max), first.kind,
                                first.year, first.sentence or first.text, len(found) - 1)
        rows.append(PivotRow(report, cells))
    return Pivot(list(indicators), rows)


REPORT_COLUMNS = ("document id", "document", "path", *map(metadata_column, METADATA_FIELDS))


def pivot_table(table: Pivot) -> tuple[tuple[str, ...], list[tuple]]:
    """The pivot as a flat sheet: per indicator group its value, unit and mark (≈ or the range) columns."""
    columns = [*REPORT_COLUMNS]
    for group in table.indicators:
        columns += [group, f"{group} unit", f"{group} mark"]
    records = []
    for row in table.rows:
        report = row.report
        record = [report.document_id, report.filename, report.path, *(report.metadata.get(f) for f in METADATA_FIELDS)]
        for group in table.indicators:
            cell = row.cells.get(group)
            record += [cell.value, cell.unit, cell.mark()] if cell else [None, None, None]
        records.append(tuple(record))
    return tuple(columns), records
