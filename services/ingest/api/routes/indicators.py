"""Indicator groups: the variants of one indicator under one canonical name, with counts, units and years."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from services.ingest.api.deps import SessionDep
from services.ingest.api.metadata_filters import metadata_filter
from shared.db.metadata import MetadataFilter
from shared.pivot import Scope, indicator_groups

router = APIRouter(prefix="/v1/indicators", tags=["indicators"])


class IndicatorGroupOut(BaseModel):
    indicator: str
    metrics: int
    reports: int
    units: list[str]
    years: list[int]
    names: list[str]


class IndicatorGroupsOut(BaseModel):
    total: int
    offset: int
    limit: int
    indicators: list[IndicatorGroupOut]


@router.get("", response_model=IndicatorGroupsOut)
def list_indicators(
    session: SessionDep,
    only: Annotated[MetadataFilter, Depends(metadata_filter)],
    q: Annotated[str | None, Query(max_length=64, description="Part of the group's name or of a wording.")] = None,
    kind: Annotated[Literal["actual", "target"] | None, Query()] = None,
    batch_id: Annotated[str | None, Query(max_length=36)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> IndicatorGroupsOut:
    """The indicator groups of the processed reports (filtered by level, place, year, type, kind, batch), the
    most widely reported first: metric rows, reports, units, years and the wordings grouped."""
    groups = indicator_groups(session, Scope(batch_id=batch_id, metadata=only, kind=kind), contains=q or None)
    return IndicatorGroupsOut(total=len(groups), offset=offset, limit=limit,
                              indicators=[IndicatorGroupOut(**vars(g)) for g in groups[offset:offset + limit]])
