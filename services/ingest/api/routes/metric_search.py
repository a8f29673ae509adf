"""Indicators across reports: ``GET /v1/metrics`` filtered by name (substring), unit, kind, year and batch."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from services.ingest.api.deps import SessionDep
from services.ingest.api.schemas import MetricOut
from shared.db.models import Document, MetricRow, Status

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])


class MetricHit(MetricOut):
    document_id: str
    filename: str


class MetricPage(BaseModel):
    total: int
    page: int
    per_page: int
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
    session: SessionDep,
    name: Annotated[str | None, Query(description="Part of the indicator's name (substring match).")] = None,
    unit: Annotated[str | None, Query(description="This unit (元, 个, % ...). Values are stored in the base "
                                                  "unit, so 万元 or 亿元 finds the 元 rows (likewise 万吨, 万人).")]
    = None,
    kind: Annotated[Literal["actual", "target"] | None, Query()] = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    batch: Annotated[str | None, Query(description="Only documents of this batch (a duplicate shows its "
                                                   "original's metrics under its own name).")] = None,
    batch_id: Annotated[str | None, Query(include_in_schema=False)] = None,  # older name of `batch`
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> MetricPage:
    """One page of matching metrics, by document upload order then position in the document."""
    listed = aliased(Document)
    batch = batch or batch_id
    if batch is None:
        query = select(MetricRow, listed.id, listed.filename).join(listed, listed.id == MetricRow.document_id)
    else:
        source = case((listed.status == Status.DUPLICATE, listed.duplicate_of), else_=listed.id)
        query = (select(MetricRow, listed.id, listed.filename).join(listed, MetricRow.document_id == source)
                 .where(listed.batch_id == batch))
    if name:
        query = query.where(MetricRow.name.contains(name, autoescape=True))
    if unit is not None:
        query = query.where(MetricRow.unit == stored_unit(unit))
    if kind is not None:
        query = query.where(MetricRow.kind == kind)
    if year is not None:
        query = query.where(MetricRow.year == year)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(listed.created_at, listed.id, MetricRow.position)
                           .offset((page - 1) * per_page).limit(per_page))
    return MetricPage(total=total, page=page, per_page=per_page, metrics=[
        MetricHit(**MetricOut.model_validate(metric).model_dump(), document_id=document_id, filename=filename)
        for metric, document_id, filename in rows])
