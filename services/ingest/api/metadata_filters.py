"""The metadata filters that the document list, the exports, the indicator groups and the pivot all take."""

from typing import Annotated

from fastapi import Query

from shared.db.metadata import MetadataFilter


def metadata_filter(
    level: Annotated[str | None, Query(max_length=32, description="Administrative level: 省 市 县 乡镇 街道 村 …")] = None,
    place: Annotated[str | None, Query(max_length=64, description="Part of the place or issuer's name.")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="The report's year.")] = None,
    type: Annotated[str | None, Query(max_length=64, description="Report type: 工作总结 工作计划 政府工作报告 …")] = None,
) -> MetadataFilter:
    return MetadataFilter(level=level or None, place=place or None, year=year, report_type=type or None)
