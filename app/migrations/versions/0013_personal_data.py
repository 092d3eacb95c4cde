"""personal data encrypted at rest, with keyed hashes for exact search

The table of digests, then a data migration: every application's form has its ID numbers,
phones and e-mail encrypted under the first of PERSONAL_DATA_KEYS and its digests written
under LOOKUP_KEY (app.privacy, with the running app's settings); a value already encrypted is
left as it is. Downgrade decrypts them back.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

from app import privacy

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 500

# The rows as they are stored: plain JSON, no encryption on the way in or out.
applications = sa.table("applications", sa.column("id", sa.Integer), sa.column("form", sa.JSON))
digests = sa.table("personal_data_digests", sa.column("application_id", sa.Integer),
                   sa.column("kind", sa.String), sa.column("digest", sa.String))


def upgrade():
    op.create_table(
        "personal_data_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "kind", "digest", name="uq_personal_data_digests"),
    )
    op.create_index("ix_personal_data_digests_digest", "personal_data_digests", ["digest"])
    keys = privacy.current_keys()
    for application_id, form in _rows():
        plain = privacy.decrypt_form(form, keys)
        op.execute(applications.update().where(applications.c.id == application_id)
                   .values(form=privacy.encrypt_form(plain, keys)))
        rows = [{"application_id": application_id, "kind": kind, "digest": digest}
                for kind, digest in sorted(privacy.form_digests(plain, keys))]
        if rows:
            op.get_bind().execute(digests.insert(), rows)


def downgrade():
    keys = privacy.current_keys()
    for application_id, form in _rows():
        op.execute(applications.update().where(applications.c.id == application_id)
                   .values(form=privacy.decrypt_form(form, keys)))
    op.drop_index("ix_personal_data_digests_digest", table_name="personal_data_digests")
    op.drop_table("personal_data_digests")


def _rows():
    """(id, stored form) of every application, a batch at a time by id."""
    bind = op.get_bind()
    after = 0
    while True:
        batch = bind.execute(sa.select(applications.c.id, applications.c.form)
                             .where(applications.c.id > after).order_by(applications.c.id).limit(BATCH)).all()
        if not batch:
            return
        yield from ((row.id, row.form) for row in batch)
        after = batch[-1].id
