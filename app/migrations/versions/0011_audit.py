"""audit events name the staff user by id, may concern no application, and are append-only

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("application_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("actor_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_audit_events_actor_user_id", "users", ["actor_user_id"], ["id"])
        batch.create_index("ix_audit_events_actor_user_id", ["actor_user_id"])


def downgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_index("ix_audit_events_actor_user_id")
        batch.drop_constraint("fk_audit_events_actor_user_id", type_="foreignkey")
        batch.drop_column("actor_user_id")
        batch.alter_column("application_id", existing_type=sa.Integer(), nullable=False)
