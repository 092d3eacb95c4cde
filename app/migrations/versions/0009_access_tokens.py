"""applications.token_generation: an applicant's access token can be revoked and reissued

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # Existing applications are generation 0, whose token is exactly the one they already hold.
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("token_generation", sa.Integer(), nullable=False, server_default=sa.text("0")))


def downgrade():
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("token_generation")
