"""metrics.value_min: the lower bound of a range ("4.5%至5%"), beside value_max

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("metrics") as batch:
        batch.add_column(sa.Column("value_min", sa.Float()))


def downgrade() -> None:
    with op.batch_alter_table("metrics") as batch:
        batch.drop_column("value_min")
