"""Indicators across documents: every mention of one named indicator, optionally within one batch."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from services.ingest.api.deps import SessionDep
from services.ingest.api.schemas import MetricMention, MetricMentions, MetricOut
from shared.db.models import Document, MetricRow

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])


@router.get("", response_model=MetricMentions)
def find_metrics(
    session: SessionDep,
    name: Annotated[str, Query(min_length=1, description="The indicator's name, exactly as extracted.")],
    batch_id: Annotated[str | None, Query(description="Only documents of this batch.")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> MetricMentions:
    query = (select(MetricRow, Document.filename).join(Document, Document.id == MetricRow.document_id)
             .where(MetricRow.name == name))
    if batch_id is not None:
        query = query.where(Document.batch_id == batch_id)
    rows = session.execute(query.order_by(Document.created_at, MetricRow.document_id, MetricRow.position)
                           .offset(offset).limit(limit))
    return MetricMentions(name=name, offset=offset, limit=limit, metrics=[
        MetricMention(**MetricOut.model_validate(metric).model_dump(), document_id=metric.document_id,
                      filename=filename)
        for metric, filename in rows])
