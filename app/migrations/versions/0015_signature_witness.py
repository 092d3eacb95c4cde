"""a party's signature witnessed at the window (现场见证): who witnessed it, and when

Three nullable columns on `signatures`; no row changes. In a batch, so that SQLite gets the
foreign key to `users` (it rebuilds the table, which no other table points at).

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signatures") as batch:
        batch.add_column(sa.Column("witnessed_by_user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("witnessed_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("witnessed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_signatures_witness", "users", ["witnessed_by_user_id"], ["id"])


def downgrade():
    with op.batch_alter_table("signatures") as batch:
        batch.drop_constraint("fk_signatures_witness", type_="foreignkey")
        batch.drop_column("witnessed_at")
        batch.drop_column("witnessed_by")
        batch.drop_column("witnessed_by_user_id")
