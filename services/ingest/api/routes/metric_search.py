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


@router.get("", response_model=MetricPage)
def search_metrics(
    session: SessionDep,
    name: Annotated[str | None, Query(description="Part of the indicator's name (substring match).")] = None,
    unit: Annotated[str | None, Query(description="Exactly this unit (万元, 个, % ...).")] = None,
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
        query = query.where(MetricRow.unit == unit)
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
