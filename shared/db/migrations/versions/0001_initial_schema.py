"""initial schema: batches, documents, stage runs, cleaned texts, sections, parts, metrics

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _document_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("batch_id", sa.String(36), sa.ForeignKey("batches.id", ondelete="CASCADE"), nullable=False),
        sa.Column("filename", sa.String(512), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(128)),
        sa.Column("object_key", sa.String(256)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(16)),
        sa.Column("error", sa.Text()),
        sa.Column("duplicate_of", sa.String(36), sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_batch_status", "documents", ["batch_id", "status"])
    op.create_index("ix_documents_sha256", "documents", ["sha256"])

    op.create_table(
        "stage_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), _document_fk(), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text()),
    )
    op.create_index("ix_stage_runs_document_stage", "stage_runs", ["document_id", "stage"])

    op.create_table(
        "cleaned_texts",
        sa.Column("document_id", sa.String(36), _document_fk(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raw_length", sa.Integer(), nullable=False),
        sa.Column("offsets", sa.JSON(), nullable=False),
    )

    op.create_table(
        "sections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), _document_fk(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer()),
    )
    op.create_index("ix_sections_document", "sections", ["document_id", "position"])

    op.create_table(
        "parts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), _document_fk(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
    )
    op.create_index("ix_parts_document", "parts", ["document_id", "position"])

    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), _document_fk(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("approx", sa.Boolean(), nullable=False),
        sa.Column("change", sa.String(64)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("value_max", sa.Float()),
        sa.Column("placeholder", sa.Boolean(), nullable=False),
        sa.Column("section", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
    )
    op.create_index("ix_metrics_document", "metrics", ["document_id", "position"])
    op.create_index("ix_metrics_name", "metrics", ["name"])


def downgrade() -> None:
    for table in ("metrics", "parts", "sections", "cleaned_texts", "stage_runs", "documents", "batches"):
        op.drop_table(table)
