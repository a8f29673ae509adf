"""batches.name: the name a batch is given at upload ("2023 乡镇总结"), shown in listings

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.add_column(sa.Column("name", sa.String(200)))
    # GET /v1/batches lists newest first: ix_batches_created (created_at, id) of 0006


def downgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.drop_column("name")
