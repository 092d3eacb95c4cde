"""An electronic seal's impression is drawn on first use, not at issue: the column may be empty.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("electronic_seals") as batch:
        batch.alter_column("impression", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    # Empty bytes read as "not drawn yet" too (app.eseals.appearance), so no seal is lost going back.
    op.get_bind().execute(sa.text("UPDATE electronic_seals SET impression = :empty WHERE impression IS NULL"),
                          {"empty": b""})
    with op.batch_alter_table("electronic_seals") as batch:
        batch.alter_column("impression", existing_type=sa.LargeBinary(), nullable=False)
