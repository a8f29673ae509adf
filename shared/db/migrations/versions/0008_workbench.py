"""The analyst's workbench: report metadata (found, and user corrections kept apart), and
provenance of every metric (indicator group, source sentence, offsets into the cleaned text)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("path", sa.String(1024)))
    with op.batch_alter_table("metrics") as batch:
        batch.add_column(sa.Column("indicator", sa.Text()))
        batch.add_column(sa.Column("sentence", sa.Text()))
        batch.add_column(sa.Column("clean_start", sa.Integer()))
        batch.add_column(sa.Column("clean_end", sa.Integer()))
        batch.add_column(sa.Column("sentence_start", sa.Integer()))
        batch.create_index("ix_metrics_indicator", ["indicator"])
    op.create_table(
        "document_metadata",
        sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("issuer", sa.Text()),
        sa.Column("level", sa.String(32)),
        sa.Column("body_kind", sa.String(32)),
        sa.Column("province", sa.String(64)),
        sa.Column("city", sa.String(64)),
        sa.Column("county", sa.String(64)),
        sa.Column("town", sa.String(64)),
        sa.Column("year", sa.Integer()),
        sa.Column("period", sa.String(64)),
        sa.Column("report_type", sa.String(64)),
        sa.Column("meeting_date", sa.String(32)),
    )
    op.create_index("ix_document_metadata_level_year", "document_metadata", ["level", "year"])
    op.create_table(
        "metadata_corrections",
        sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("metadata_corrections")
    op.drop_index("ix_document_metadata_level_year", table_name="document_metadata")
    op.drop_table("document_metadata")
    with op.batch_alter_table("metrics") as batch:
        batch.drop_index("ix_metrics_indicator")
        for column in ("sentence_start", "clean_end", "clean_start", "sentence", "indicator"):
            batch.drop_column(column)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("path")
