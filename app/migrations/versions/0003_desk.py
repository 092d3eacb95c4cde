"""办不成事 reports and 好差评 ratings

Revision ID: 0003
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cannot_get_done_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cannot_get_done_reports_open", "cannot_get_done_reports",
                    ["answered_at", "application_id"])
    op.create_index("ix_cannot_get_done_reports_application", "cannot_get_done_reports", ["application_id"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_ratings_score"),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id"),
    )
    op.create_index("ix_ratings_created_at", "ratings", ["created_at"])


def downgrade():
    op.drop_index("ix_ratings_created_at", table_name="ratings")
    op.drop_table("ratings")
    op.drop_index("ix_cannot_get_done_reports_application", table_name="cannot_get_done_reports")
    op.drop_index("ix_cannot_get_done_reports_open", table_name="cannot_get_done_reports")
    op.drop_table("cannot_get_done_reports")
