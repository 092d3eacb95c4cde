"""issuance: seal shops, free-seal vouchers, licence revocation

Revision ID: 0004
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("applications", sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("applications", sa.Column("revoked_reason", sa.Text(), nullable=True))
    op.create_table(
        "seal_shops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "seal_vouchers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("seals", sa.JSON(), nullable=False),
        sa.Column("free_seals", sa.JSON(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("impressions_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_by_shop_id", sa.Integer(), nullable=True),
        sa.Column("carved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.ForeignKeyConstraint(["redeemed_by_shop_id"], ["seal_shops.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id"),
        sa.UniqueConstraint("code"),
    )


def downgrade():
    op.drop_table("seal_vouchers")
    op.drop_table("seal_shops")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("revoked_reason")
        batch.drop_column("revoked_at")
