"""Reports × indicator groups: ``GET /v1/pivot?indicators=…&format=json|csv|xlsx``."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from services.ingest.api.deps import SessionDep
from services.ingest.api.metadata_filters import metadata_filter
from shared.db.metadata import MetadataFilter
from shared.metrics_export import FORMATS, table_csv_chunks, table_xlsx_bytes
from shared.pivot import MAX_COLUMNS, Pivot, Scope, pivot, pivot_table

router = APIRouter(prefix="/v1/pivot", tags=["indicators"])


class CellOut(BaseModel):
    metric_id: int
    name: str
    value: float | None
    unit: str
    approx: bool
    value_min: float | None
    value_max: float | None
    kind: str
    year: int | None
    sentence: str
    others: int


class PivotRowOut(BaseModel):
    document_id: str
    batch_id: str
    filename: str
    path: str
    metadata: dict[str, str | int | None]
    cells: dict[str, CellOut]


class PivotOut(BaseModel):
    indicators: list[str]
    rows: list[PivotRowOut]


def pivot_query(
    session: SessionDep,
    only: Annotated[MetadataFilter, Depends(metadata_filter)],
    indicators: Annotated[list[str] | None, Query(max_length=MAX_COLUMNS, description=(
        "Indicator groups (GET /v1/indicators), repeated or comma-separated; none: the most reported ones."))] = None,
    kind: Annotated[Literal["actual", "target"] | None, Query()] = None,
    batch_id: Annotated[str | None, Query(max_length=36)] = None,
    all_reports: Annotated[bool, Query(description="Also the reports with none of the groups (blank rows).")] = False,
) -> Pivot:
    names = tuple(part.strip() for value in indicators or () for part in value.split(",") if part.strip())
    return pivot(session, Scope(batch_id=batch_id, metadata=only, kind=kind), names, with_empty=all_reports)


@router.get("", response_model=PivotOut, responses={200: {"content": {media: {} for media in FORMATS.values()}}})
def get_pivot(
    table: Annotated[Pivot, Depends(pivot_query)],
    format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
):
    """One row per report, one column per indicator group; each cell is one stored metric (its id links to
    the source sentence). CSV/XLSX give per group its value, unit and mark (≈, or a range's bounds)."""
    if format == "json":
        return PivotOut(indicators=table.indicators, rows=[
            PivotRowOut(document_id=r.report.document_id, batch_id=r.report.batch_id, filename=r.report.filename,
                        path=r.report.path, metadata=r.report.metadata,
                        cells={k: CellOut(**vars(c)) for k, c in r.cells.items()}) for r in table.rows])
    columns, records = pivot_table(table)
    headers = {"Content-Disposition": f'attachment; filename="pivot.{format}"'}
    if format == "csv":
        return StreamingResponse(table_csv_chunks(columns, records), media_type=FORMATS["csv"], headers=headers)
    return Response(table_xlsx_bytes(columns, records, "pivot"), media_type=FORMATS["xlsx"], headers=headers)
