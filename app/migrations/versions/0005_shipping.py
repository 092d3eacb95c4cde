"""shipments: courier waybills (证照邮寄)

Revision ID: 0005
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("waybill_number", sa.String(length=32), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("picked_up_by", sa.String(length=64), nullable=True),
        sa.Column("delivered_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id"),
        sa.UniqueConstraint("waybill_number"),
    )
    op.create_index("ix_shipments_picked_up_at", "shipments", ["picked_up_at"], unique=False)


def downgrade():
    op.drop_index("ix_shipments_picked_up_at", table_name="shipments")
    op.drop_table("shipments")
