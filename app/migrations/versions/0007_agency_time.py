"""steps.agency_ms: how long the agency took to answer (for the clerk and the critical path)

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("steps") as batch:
        batch.add_column(sa.Column("agency_ms", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("steps") as batch:
        batch.drop_column("agency_ms")
