"""Indicators across reports: ``GET /v1/metrics`` filtered by name (substring), unit, kind, year and batch.

Pages are keyset pages in upload order (see api/cursors.py): a page reads the documents after the cursor in
the (created_at, id) index and each one's metrics by the (document_id, position) index, and stops when the page
is full or after SCAN_DOCUMENTS documents, so a page costs the same at any depth and for any filter. A rare name
can therefore give a short (even empty) page with ``more`` true: follow ``next`` until ``more`` is false.
``page`` (an OFFSET) still works for older clients, exact but slower the deeper it goes; ``count=true`` adds the
exact ``total`` (it reads every match).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import Select, case, func, literal, or_, select, true, tuple_
from sqlalchemy.orm import Session, aliased

from services.ingest.api.cursors import LAST_POSITION, Key, decode, refuse_deep_offset
from services.ingest.api.deps import ReadSessionDep
from services.ingest.api.schemas import MetricOut
from shared.db.models import Document, MetricRow, Status

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])

# Documents one keyset page reads at most (about 20 metrics each): bounds the work of a page whose filter
# matches little. Measured by bench/status_reads.py: a window this size stays within the read targets.
SCAN_DOCUMENTS = 500
AFTER_EVERY_METRIC = LAST_POSITION


class MetricHit(MetricOut):
    document_id: str
    filename: str


class MetricPage(BaseModel):
    total: int | None  # every match, only when asked for with count=true
    page: int
    per_page: int
    more: bool  # another page may follow: ask for it with after=<next>
    next: str | None
    metrics: list[MetricHit]


# The extractor writes a number's multiplier into its value ("5.6亿元" is 560000000 元), so a unit asked for
# with one is looked up without it. Not 千/百: 千克, 千瓦 and 百分点 are units of their own.
MULTIPLIER_PREFIXES = ("万亿", "千万", "百万", "十万", "亿", "万")


def stored_unit(unit: str) -> str:
    """The unit as metric rows store it: 万元 → 元, 亿元 → 元, 万吨 → 吨; others unchanged."""
    for prefix in MULTIPLIER_PREFIXES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return unit[len(prefix):]
    return unit


@router.get("", response_model=MetricPage)
def search_metrics(
    session: ReadSessionDep,
    name: Annotated[str | None, Query(description="Part of the indicator's name (substring match).")] = None,
    unit: Annotated[str | None, Query(description="This unit (元, 个, % ...). Values are stored in the base "
                                                  "unit, so 万元 or 亿元 finds the 元 rows (likewise 万吨, 万人).")]
    = None,
    kind: Annotated[Literal["actual", "target"] | None, Query()] = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    batch: Annotated[str | None, Query(description="Only documents of this batch (a duplicate shows its "
                                                   "original's metrics under its own name).")] = None,
    batch_id: Annotated[str | None, Query(include_in_schema=False)] = None,  # older name of `batch`
    after: Annotated[str | None, Query(max_length=512, description="The `next` of the page before.")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number (an offset, at most MAX_OFFSET "
                                                               "rows in; prefer `after`).")] = 1,
    per_page: Annotated[int, Query(ge=1, le=1000)] = 50,
    count: Annotated[bool, Query(description="Also count every match (reads them all).")] = False,
) -> MetricPage:
    """One page of matching metrics, by document upload order then position in the document."""
    if after is not None and page != 1:
        raise HTTPException(422, "give either page or after, not both")
    search = _Search(session, batch or batch_id, name, unit, kind, year)
    if page > 1:
        refuse_deep_offset((page - 1) * per_page)
        rows = search.rows(offset=(page - 1) * per_page, limit=per_page + 1)
        more, next_key = len(rows) > per_page, None
    else:
        rows, more, next_key = search.keyset_page(decode(after) if after else None, per_page)
    hits = [MetricHit(**MetricOut.model_validate(metric).model_dump(), document_id=document_id, filename=filename)
            for metric, document_id, filename, _ in rows[:per_page]]
    if len(rows) > per_page:
        metric, document_id, _, created_at = rows[per_page - 1]
        next_key = Key(created_at, document_id, metric.position)
    return MetricPage(total=search.count() if count else None, page=page, per_page=per_page, more=more,
                      next=next_key.encode() if more and next_key else None, metrics=hits)


class _Search:
    """The query of one search: the listed documents (all, or a batch's) joined to the metrics that match."""

    def __init__(self, session: Session, batch: str | None, name: str | None, unit: str | None,
                 kind: str | None, year: int | None) -> None:
        self.session = session
        self.batch = batch
        self.listed = listed = aliased(Document, name="listed")
        # a duplicate lists the metrics of its original
        source = listed.id if batch is None else case((listed.status == Status.DUPLICATE, listed.duplicate_of),
                                                      else_=listed.id)
        matching = []
        if name:
            matching.append(MetricRow.name.contains(name, autoescape=True))
        if unit is not None:
            matching.append(MetricRow.unit == stored_unit(unit))
        if kind is not None:
            matching.append(MetricRow.kind == kind)
        if year is not None:
            matching.append(MetricRow.year == year)
        # Both databases would rather scan every metric that matches, look its document up by id and sort them
        # all (SQLite has no statistics; PostgreSQL guesses few matches for a LIKE). The plan wanted: walk the
        # documents in upload order (the (created_at, id) index) and read each one's metrics by the
        # (document_id, position) index, so no sort, and it stops where the page, or the scan window, ends.
        if session.get_bind().dialect.name == "postgresql":
            # a LATERAL subquery is run per document, in the documents' order (OFFSET 0 keeps the planner from
            # pulling it up into a plain join)
            per_document = (select(MetricRow).where(MetricRow.document_id == source, *matching).offset(0)
                            .lateral("m"))
            self.metric = metric = aliased(MetricRow, per_document)
            query = select(metric, listed.id, listed.filename, listed.created_at).select_from(listed).join(
                per_document, true())
        else:
            # SQLite: a join term that cannot look documents up by id (`id || ''`) leaves only that plan
            self.metric = MetricRow
            query = (select(MetricRow, listed.id, listed.filename, listed.created_at).select_from(listed)
                     .join(MetricRow, MetricRow.document_id == (source + "" if batch is None else source))
                     .where(*matching))
        if batch is not None:
            query = query.where(listed.batch_id == batch)
        self.query = query

    def _ordered(self, query: Select) -> Select:
        return query.order_by(self.listed.created_at, self.listed.id, self.metric.position)

    def _document_key(self):
        return tuple_(self.listed.created_at, self.listed.id)

    def _key_values(self, key: Key):
        return tuple_(literal(key.created_at, Document.created_at.type), literal(key.document_id, Document.id.type))

    def rows(self, offset: int = 0, limit: int = 50) -> list:
        return list(self.session.execute(self._ordered(self.query).offset(offset).limit(limit)))

    def keyset_page(self, start: Key | None, per_page: int) -> tuple[list, bool, Key | None]:
        """Up to per_page + 1 rows after ``start`` within the next SCAN_DOCUMENTS documents; whether more may
        follow, and if the window ended before the page was full, the key past the window."""
        query = self.query
        if start is not None:
            query = query.where(self._document_key() >= self._key_values(start),
                                or_(self.listed.id != start.document_id, self.metric.position > start.position))
        window_end, beyond = self._window_end(start)
        if window_end is not None:
            query = query.where(self._document_key() <= self._key_values(window_end))
        rows = list(self.session.execute(self._ordered(query).limit(per_page + 1)))
        if len(rows) > per_page:
            return rows, True, None  # the caller keys the next page on the last row shown
        return rows, beyond, window_end if beyond else None

    def _window_end(self, start: Key | None) -> tuple[Key | None, bool]:
        """The last document of the scan window after ``start``, and whether any document follows it."""
        listed = self.listed
        query = select(listed.created_at, listed.id)
        if self.batch is not None:
            query = query.where(listed.batch_id == self.batch)
        if start is not None:
            query = query.where(self._document_key() > self._key_values(start)
                                if start.position == AFTER_EVERY_METRIC
                                else self._document_key() >= self._key_values(start))
        found = self.session.execute(
            query.order_by(listed.created_at, listed.id).offset(SCAN_DOCUMENTS - 1).limit(2)).all()
        if not found:
            return None, False
        created_at, document_id = found[0]
        return Key(created_at, document_id, AFTER_EVERY_METRIC), len(found) == 2

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(self.query.subquery()))
