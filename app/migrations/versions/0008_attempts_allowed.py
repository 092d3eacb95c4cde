"""steps.attempts_allowed: a clerk's retry grants a fresh round of attempts

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("steps") as batch:
        batch.add_column(sa.Column("attempts_allowed", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("steps") as batch:
        batch.drop_column("attempts_allowed")
