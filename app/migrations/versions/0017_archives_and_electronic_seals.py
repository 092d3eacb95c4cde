"""电子档案 kept at hand-over, electronic seals (电子印章) and their uses (用章记录)

An archive is made once, when the application is handed over, and kept: what decided it, as it
stood then. Applications handed over before this revision have none until `flask archive make`.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "archives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("made_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id"),
    )
    op.create_table(
        "electronic_seals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("impression", sa.LargeBinary(), nullable=False),
        sa.Column("issued_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.Column("revoked_by_user_id", sa.Integer(), nullable=True),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.ForeignKeyConstraint(["revoked_by_user_id"], ["users.id"], name="fk_eseals_revoked_by"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("serial"),
        sa.UniqueConstraint("application_id", "kind", name="uq_eseals_kind"),
    )
    with op.batch_alter_table("electronic_seals") as batch:
        batch.create_index("ix_electronic_seals_application_id", ["application_id"], unique=False)
    op.create_table(
        "seal_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("uploaded", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_sha256", sa.String(length=64), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("x_mm", sa.Float(), nullable=False),
        sa.Column("y_mm", sa.Float(), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", WHEN, nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("signed", sa.LargeBinary(), nullable=True),
        sa.Column("signed_sha256", sa.String(length=64), nullable=True),
        sa.Column("signed_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["seal_id"], ["electronic_seals.id"]),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("seal_uses") as batch:
        batch.create_index("ix_seal_uses_seal_id", ["seal_id"], unique=False)
        batch.create_index("ix_seal_uses_application_id", ["application_id"], unique=False)


def downgrade():
    with op.batch_alter_table("seal_uses") as batch:
        batch.drop_index("ix_seal_uses_application_id")
        batch.drop_index("ix_seal_uses_seal_id")
    op.drop_table("seal_uses")
    with op.batch_alter_table("electronic_seals") as batch:
        batch.drop_index("ix_electronic_seals_application_id")
    op.drop_table("electronic_seals")
    op.drop_table("archives")
