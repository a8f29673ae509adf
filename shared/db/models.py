"""The SQL store: batches of uploaded documents, their stage runs, and what each stage produced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.stages import Stage

__all__ = ["Stage"]  # re-exported: the stage chain itself is declared in shared.stages


class Status(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    CANCELLED = "cancelled"  # stopped by a user (services.ingest.actions); the pipeline skips its next stages
    DEAD = "dead"  # lost by the queue or its workers again and again; the reconciler gave up (error says why)


FINISHED_STATUSES = frozenset({Status.DONE, Status.FAILED, Status.REJECTED, Status.DUPLICATE, Status.CANCELLED,
                               Status.DEAD})
IN_FLIGHT_STATUSES = (Status.QUEUED, Status.PROCESSING)
# A document with these statuses is the original that later identical uploads point to.
ORIGINAL_STATUSES = (Status.QUEUED, Status.PROCESSING, Status.DONE)


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    RETRYING = "retrying"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the document was cancelled while this stage ran: its output was discarded


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


BATCH_NAME_LENGTH = 200


class Batch(Base):
    __tablename__ = "batches"
    # the dashboard's list: the latest batches first
    __table_args__ = (Index("ix_batches_created", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    name: Mapped[str | None] = mapped_column(String(BATCH_NAME_LENGTH))  # given at upload ("2023 乡镇总结")

    documents: Mapped[list[Document]] = relationship(back_populates="batch")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        # a batch's counts by (status, stage), read from the index alone (the progress and the dashboard list)
        Index("ix_documents_batch_status_stage", "batch_id", "status", "stage"),
        Index("ix_documents_sha256", "sha256"),
        Index("ix_documents_status", "status"),
        Index("ux_documents_original_sha256", "original_sha256", unique=True),
        # upload order, the order of every listing (metric search, a batch's documents): read by keyset pages.
        # Unique (id is) so that SQLite knows each entry is one document and reads the metrics in index order too.
        Index("ux_documents_created", "created_at", "id", unique=True),
        Index("ix_documents_batch_created", "batch_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(512))
    path: Mapped[str | None] = mapped_column(String(1024))  # as uploaded, with its folders (or zip and member)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(128))
    object_key: Mapped[str | None] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(16), default=Status.QUEUED)
    stage: Mapped[str | None] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    # the sha256 while this document is the original of its content (unique: one original per content under
    # concurrent uploads), else NULL; kept by shared.transitions
    original_sha256: Mapped[str | None] = mapped_column(String(64))
    # times the reconciler found it lost (no message, no live run) and queued it again (shared.reconciler)
    redeliveries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    batch: Mapped[Batch] = relationship(back_populates="documents")


class StageRun(Base):
    __tablename__ = "stage_runs"
    # (document_id, stage, status): "has this stage of this document run to the end?" must not be read through
    # ix_stage_runs_status, which SQLite (no statistics) otherwise picks, scanning every finished run
    __table_args__ = (Index("ix_stage_runs_document_stage_status", "document_id", "stage", "status"),
                      Index("ix_stage_runs_status", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.RUNNING)
    attempt: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    # while running: the worker extends this lease (heartbeat); past it with no finish, the worker is gone
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(128))


class LeaderLease(Base):
    """One row per singleton job (the reconciler): who holds it until when, and what its runs did."""

    __tablename__ = "leader_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    runs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    requeued: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    dead: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """An API token; only its SHA-256 is kept (the token itself is shown once, when created)."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class CleanedText(Base):
    """One row per document; ``offsets`` holds the cleaned→raw map run-length encoded (see shared.db.offsets)."""

    __tablename__ = "cleaned_texts"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    raw_length: Mapped[int] = mapped_column(Integer)
    offsets: Mapped[list] = mapped_column(JSON)


class SectionRow(Base):
    __tablename__ = "sections"
    __table_args__ = (Index("ix_sections_document", "document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    part: Mapped[int | None] = mapped_column(Integer)


class PartRow(Base):
    """One report of a compilation (an Outline's parts)."""

    __tablename__ = "parts"
    __table_args__ = (Index("ix_parts_document", "document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class MetricRow(Base):
    __tablename__ = "metrics"
    __table_args__ = (
        Index("ix_metrics_document", "document_id", "position"),
        Index("ix_metrics_name", "name"),
        Index("ix_metrics_indicator", "indicator"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(64))
    approx: Mapped[bool] = mapped_column(default=False)
    change: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int | None] = mapped_column(Integer)
    value_min: Mapped[float | None] = mapped_column(Float)  # a range's lower bound ("4.5%至5%": 4.5)
    value_max: Mapped[float | None] = mapped_column(Float)
    placeholder: Mapped[bool] = mapped_column(default=False)
    section: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # provenance, filled at extract time (shared.provenance): the indicator group the name belongs to, the
    # sentence of the cleaned text the metric was read from, and offsets into the cleaned text
    indicator: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str | None] = mapped_column(Text)
    clean_start: Mapped[int | None] = mapped_column(Integer)
    clean_end: Mapped[int | None] = mapped_column(Integer)
    sentence_start: Mapped[int | None] = mapped_column(Integer)


# The report metadata fields (services.parse.metadata.ReportMetadata), in the order exports show them.
METADATA_FIELDS = ("issuer", "level", "body_kind", "province", "city", "county", "town", "year", "period",
                   "report_type", "meeting_date")
METADATA_INT_FIELDS = frozenset({"year"})


class DocumentMetadata(Base):
    """What the section stage found about the report (who issued it, where, when, what type): one row per
    document, replaced when the section stage runs again. User corrections live apart (MetadataCorrection)."""

    __tablename__ = "document_metadata"
    __table_args__ = (Index("ix_document_metadata_level_year", "level", "year"),)

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    issuer: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(32))
    body_kind: Mapped[str | None] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    town: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(64))
    report_type: Mapped[str | None] = mapped_column(String(64))
    meeting_date: Mapped[str | None] = mapped_column(String(32))


class MetadataCorrection(Base):
    """A user's corrections of a document's metadata ({field: value}; a null value clears the found one).

    Not a stage output, so reprocessing keeps it; it overrides what the section stage finds."""

    __tablename__ = "metadata_corrections"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
