"""The dashboard's pages: batches, one batch (live over SSE), one document (heading tree and metrics)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.ingest.api.deps import SessionDep
from services.ingest.progress import STAGE_ORDER
from services.ingest.web import WEB_DIR
from services.ingest.web.queries import batch_page, document_page, recent_batches

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=WEB_DIR / "templates")


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


templates.env.filters["number"] = _number
templates.env.filters["when"] = _when


@router.get("/", response_class=HTMLResponse)
def index(request: Request, session: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html", {"batches": recent_batches(session)})


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch(request: Request, batch_id: str, session: SessionDep) -> HTMLResponse:
    found = batch_page(session, batch_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no batch with id {batch_id!r}")
    batch, progress, documents = found
    return templates.TemplateResponse(request, "batch.html", {
        "batch": batch, "progress": progress, "documents": documents, "stages": STAGE_ORDER})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, document_id: str, session: SessionDep) -> HTMLResponse:
    page = document_page(session, document_id)
    if page is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no document with id {document_id!r}")
    return templates.TemplateResponse(request, "document.html", {"page": page, "stages": STAGE_ORDER})
