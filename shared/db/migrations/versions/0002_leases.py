"""stage run leases with a worker heartbeat, redeliveries per document, the reconciler's leader lease

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stage_runs") as table:
        table.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
        table.add_column(sa.Column("worker", sa.String(128)))
    with op.batch_alter_table("documents") as table:
        table.add_column(sa.Column("redeliveries", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_stage_runs_status", "stage_runs", ["status"])
    op.create_index("ix_documents_status", "documents", ["status"])
    op.create_table(
        "leader_leases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True)),
        sa.Column("runs", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("requeued", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("dead", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
    )


def downgrade() -> None:
    op.drop_table("leader_leases")
    op.drop_index("ix_documents_status", "documents")
    op.drop_index("ix_stage_runs_status", "stage_runs")
    with op.batch_alter_table("documents") as table:
        table.drop_column("redeliveries")
    with op.batch_alter_table("stage_runs") as table:
        table.drop_column("worker")
        table.drop_column("lease_until")
