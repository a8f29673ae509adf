"""indexes for reads that stay flat with size: upload order (documents, a batch's documents), latest batches, a document's finished runs,
counts by (status, stage) from the index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ux_documents_created", "documents", ["created_at", "id"], unique=True)
    op.create_index("ix_documents_batch_created", "documents", ["batch_id", "created_at", "id"])
    op.create_index("ix_batches_created", "batches", ["created_at", "id"])
    op.create_index("ix_stage_runs_document_stage_status", "stage_runs", ["document_id", "stage", "status"])
    op.drop_index("ix_stage_runs_document_stage", "stage_runs")  # a prefix of the new one
    op.create_index("ix_documents_batch_status_stage", "documents", ["batch_id", "status", "stage"])
    op.drop_index("ix_documents_batch_status", "documents")  # likewise


def downgrade() -> None:
    op.create_index("ix_documents_batch_status", "documents", ["batch_id", "status"])
    op.drop_index("ix_documents_batch_status_stage", "documents")
    op.create_index("ix_stage_runs_document_stage", "stage_runs", ["document_id", "stage"])
    op.drop_index("ix_stage_runs_document_stage_status", "stage_runs")
    op.drop_index("ix_batches_created", "batches")
    op.drop_index("ix_documents_batch_created", "documents")
    op.drop_index("ux_documents_created", "documents")
