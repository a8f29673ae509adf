"""A batch's metrics as a spreadsheet: ``GET /v1/batches/{id}/export?format=csv|xlsx``."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import Response, StreamingResponse

from services.ingest.api.deps import SessionDep
from services.ingest.api.metadata_filters import metadata_filter
from shared.db.metadata import MetadataFilter
from shared.db.models import Batch
from shared.metrics_export import FORMATS, batch_rows, csv_chunks, xlsx_bytes

router = APIRouter(prefix="/v1/batches", tags=["batches"])


@router.get("/{batch_id}/export", response_class=Response,
            responses={200: {"content": {media: {} for media in FORMATS.values()}}})
def export_batch(
    batch_id: str,
    session: SessionDep,
    only: Annotated[MetadataFilter, Depends(metadata_filter)],
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv (UTF-8 with BOM) or xlsx.")] = "xlsx",
) -> Response:
    """Every metric of the batch's documents (a duplicate answers with its original's), filtered by the
    reports' level, place, year and type: document id, batch, file name and uploaded path, the report's
    metadata, title, section path, metric id, name, indicator group, value, approx, range bounds, unit, change,
    kind, year and the source sentence."""
    if session.get(Batch, batch_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no batch with id {batch_id!r}")
    rows = batch_rows(session, batch_id, only)
    headers = {"Content-Disposition": f'attachment; filename="batch-{batch_id}.{format}"'}
    if format == "csv":
        return StreamingResponse(csv_chunks(rows), media_type=FORMATS["csv"], headers=headers)
    return Response(xlsx_bytes(rows), media_type=FORMATS["xlsx"], headers=headers)
