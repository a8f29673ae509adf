"""Which files the service already has, by sha256: lets ``reportflow upload`` resume without resending."""

import re
from typing import Annotated

from fastapi import APIRouter
from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy import func, select

from services.ingest.api.deps import ReadSessionDep
from shared.db.models import ORIGINAL_STATUSES, Document, MetricRow

router = APIRouter(prefix="/v1/documents", tags=["documents"])

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_LOOKUP = 10_000


def _sha256(value: str) -> str:
    value = value.lower()
    if not _SHA256.match(value):
        raise ValueError("not a sha256 hex digest")
    return value


class LookupRequest(BaseModel):
    sha256: list[Annotated[str, AfterValidator(_sha256)]] = Field(max_length=MAX_LOOKUP)


class KnownDocument(BaseModel):
    sha256: str
    id: str
    batch_id: str
    filename: str
    status: str
    stage: str | None
    error: str | None
    stored: bool  # queued, processing or done: uploading the same bytes again would only make a duplicate
    metrics: int


class LookupResult(BaseModel):
    documents: list[KnownDocument]


@router.post("/lookup", response_model=LookupResult)
def lookup_documents(request: LookupRequest, session: ReadSessionDep) -> LookupResult:
    """For each digest seen before: the document that answers for it (the stored original, else the latest
    attempt, e.g. a failed or rejected one). Digests never seen are left out."""
    wanted = set(request.sha256)
    found: dict[str, Document] = {}
    if wanted:
        documents = session.scalars(select(Document).where(Document.sha256.in_(wanted))
                                    .order_by(Document.created_at, Document.id))
        for document in documents:
            current = found.get(document.sha256)
            if current is None or (current.status not in ORIGINAL_STATUSES):
                found[document.sha256] = document  # the oldest original wins; else the latest attempt
    counts = dict(session.execute(
        select(MetricRow.document_id, func.count()).where(MetricRow.document_id.in_([d.id for d in found.values()]))
        .group_by(MetricRow.document_id)).all()) if found else {}
    return LookupResult(documents=[
        KnownDocument(sha256=sha, id=d.id, batch_id=d.batch_id, filename=d.filename, status=d.status, stage=d.stage,
                      error=d.error, stored=d.status in ORIGINAL_STATUSES, metrics=counts.get(d.id, 0))
        for sha, d in sorted(found.items())])
