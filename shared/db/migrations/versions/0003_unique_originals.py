"""one original per stored content: documents.original_sha256, unique (NULL for duplicates and finished failures)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ORIGINAL = "('queued', 'processing', 'done')"


def upgrade() -> None:
    with op.batch_alter_table("documents") as table:
        table.add_column(sa.Column("original_sha256", sa.String(64)))
    # the earliest original of each content keeps the claim; later ones (from earlier races) give it up
    op.execute(f"""
        UPDATE documents SET original_sha256 = sha256
        WHERE status IN {ORIGINAL} AND duplicate_of IS NULL AND id = (
            SELECT d2.id FROM documents d2
            WHERE d2.sha256 = documents.sha256 AND d2.status IN {ORIGINAL} AND d2.duplicate_of IS NULL
            ORDER BY d2.created_at, d2.id LIMIT 1)
    """)
    op.create_index("ux_documents_original_sha256", "documents", ["original_sha256"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_documents_original_sha256", "documents")
    with op.batch_alter_table("documents") as table:
        table.drop_column("original_sha256")
