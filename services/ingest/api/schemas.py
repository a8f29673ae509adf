"""Response bodies of the ingest API (they also document it at /docs)."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC, so say so in the answer."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class _FromRows(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DocumentBrief(_FromRows):
    id: str
    filename: str
    status: str
    duplicate_of: str | None = None
    error: str | None = None


class BatchAccepted(BaseModel):
    batch_id: str
    name: str | None = None
    documents: list[DocumentBrief]


class BatchDocument(DocumentBrief):
    stage: str | None = None
    size: int
    sha256: str


class BatchSummary(BaseModel):
    id: str
    name: str | None = None
    created_at: UtcDatetime
    total: int
    counts: dict[str, int]
    progress: float  # finished documents (done, failed, rejected, duplicate) / total


class BatchStatus(BatchSummary):
    offset: int
    limit: int
    documents: list[BatchDocument]
    next: str | None = None  # the next page starts after=<next>; None on the last page


class BatchPage(BaseModel):
    total: int
    offset: int
    limit: int
    batches: list[BatchSummary]  # newest first


class BatchDeleted(BaseModel):
    batch_id: str
    documents: int
    objects: int  # stored files removed (a file another document still references is kept)
    requeued: list[str]  # copies in other batches whose original was deleted: now processed themselves


class StageSummary(BaseModel):
    stage: str
    status: str  # of the latest run
    attempts: int
    started_at: UtcDatetime
    finished_at: UtcDatetime | None
    seconds: float | None
    error: str | None


class DocumentStatus(_FromRows):
    id: str
    batch_id: str
    filename: str
    sha256: str
    size: int
    content_type: str | None
    status: str
    stage: str | None
    error: str | None
    duplicate_of: str | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    stages: list[StageSummary]


class TextOut(BaseModel):
    document_id: str
    source_document_id: str  # differs from document_id when the document is a duplicate of another
    text: str
    offsets: list[int] | None = None  # cleaned→raw offset per character (+ raw length), when asked for


class SectionOut(_FromRows):
    level: int
    title: str
    kind: str
    start: int
    end: int
    part: int | None


class PartOut(_FromRows):
    title: str
    start: int
    end: int


class SectionsOut(BaseModel):
    document_id: str
    source_document_id: str
    sections: list[SectionOut]
    parts: list[PartOut]


class MetricOut(_FromRows):
    id: int
    name: str
    indicator: str | None  # the indicator group (variants of one indicator share it)
    value: float | None
    unit: str
    approx: bool
    change: str | None
    kind: str
    year: int | None
    value_min: float | None
    value_max: float | None
    placeholder: bool
    section: str | None
    text: str
    start: int
    end: int
    sentence: str | None  # the cleaned-text sentence the metric was read from
    sentence_start: int | None  # offsets into the cleaned text (start/end are into the raw document)
    clean_start: int | None
    clean_end: int | None


class MetricsOut(BaseModel):
    document_id: str
    source_document_id: str
    metrics: list[MetricOut]


class Health(BaseModel):
    status: str  # "ok" or "unavailable"
    checks: dict[str, str]  # service → "ok" or the problem
    backlog: dict[str, int] | None = None  # stage queue → messages waiting (Redis brokers)
    reconciler: dict | None = None  # its last pass, passes, requeues, dead documents; None before the first
