"""clerk's window: queue indexes, correction requests, document promises

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OPEN = "status IN ('submitted', 'processing', 'needs_review', 'awaiting_correction', 'ready_for_issue')"
# Must stay the same text as app.models.application.RED_FIRST so both planners use the index.
RED_FIRST = "(CASE WHEN light = 'red' THEN 0 ELSE 1 END)"


def upgrade():
    # The queue: open applications, red first, then by due time; keyset on (rank, due_at, id).
    op.create_index("ix_applications_open_queue", "applications", [sa.text(RED_FIRST), "due_at", "id"],
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    op.create_index("ix_applications_entity_due", "applications", ["entity_type", "due_at"])
    op.create_index("ix_applications_submitted_at", "applications", ["submitted_at"])
    op.create_index("ix_applications_light_due", "applications", ["light", "due_at"])

    op.create_table(
        "correction_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_correction_requests_application_id", "correction_requests", ["application_id"])
    op.create_table(
        "document_promises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("promised_document", sa.String(length=200), nullable=False),
        sa.Column("promised_by", sa.Date(), nullable=False),
        sa.Column("accepted_by", sa.String(length=100), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_promises_application_id", "document_promises", ["application_id"])


def downgrade():
    op.drop_index("ix_document_promises_application_id", table_name="document_promises")
    op.drop_table("document_promises")
    op.drop_index("ix_correction_requests_application_id", table_name="correction_requests")
    op.drop_table("correction_requests")
    op.drop_index("ix_applications_light_due", table_name="applications")
    op.drop_index("ix_applications_submitted_at", table_name="applications")
    op.drop_index("ix_applications_entity_due", table_name="applications")
    op.drop_index("ix_applications_open_queue", table_name="applications")
