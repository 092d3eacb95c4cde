"""a party's identity checks answered so far, and the signing round (签署轮次)

The key of an identity check (实名核验) names how many checks the provider has answered for this
party: a check that timed out is asked again under the same key (the provider answers it once), a
check that was answered — passed or refused — is never replayed to the next try. One column with a
default; existing rows start from their codes sent, the checks that passed.

A correction (补正) changes what the parties signed, so they sign again in a new round: the
round tells that round's texts (links, codes, reminders) from the first's. Existing rows are round 1.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signatures") as batch:
        batch.add_column(sa.Column("identity_checks", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("signing_round", sa.Integer(), nullable=False, server_default="1"))
    op.execute("UPDATE signatures SET identity_checks = COALESCE(verifications, 0)")


def downgrade():
    with op.batch_alter_table("signatures") as batch:
        batch.drop_column("signing_round")
        batch.drop_column("identity_checks")
