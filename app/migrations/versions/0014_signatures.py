"""every party signs before an application is accepted: the signature table, accepted_at, due_at nullable

Applications filed before this revision were accepted when they were filed (there was no
signing), so their `accepted_at` is their `submitted_at`. From now on `due_at` is null until the
last party has signed.

On SQLite the applications table is rebuilt (a column cannot lose NOT NULL in place), with its
rows and indexes, keeping the rows of other tables that point at it: `_rebuild_sqlite_applications`.

Revision ID: 0014
Revises: 0013
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The clerk queue's partial index as migration 0002 made it, word for word.
OPEN_SQL = "status IN ('submitted', 'processing', 'needs_review', 'awaiting_correction', 'ready_for_issue')"
RED_FIRST = "(CASE WHEN light = 'red' THEN 0 ELSE 1 END)"

applications = sa.table("applications", sa.column("submitted_at", sa.DateTime(timezone=True)),
                        sa.column("accepted_at", sa.DateTime(timezone=True)))


def upgrade():
    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("id_digest", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("identity_reference", sa.String(length=100), nullable=True),
        sa.Column("verifications", sa.Integer(), nullable=False),
        sa.Column("verification_digest", sa.String(length=64), nullable=True),
        sa.Column("code_digest", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest"),
        sa.UniqueConstraint("application_id", "position", name="uq_signatures_position"),
    )
    op.create_index("ix_signatures_application_id", "signatures", ["application_id"])

    op.add_column("applications", sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(applications.update().values(accepted_at=applications.c.submitted_at))
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_applications(lambda sql: NOT_NULL_DUE_AT.sub(r"\1", sql, count=1))
    else:
        op.alter_column("applications", "due_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    op.create_index("ix_applications_accepted_at", "applications", ["accepted_at"])


def downgrade():
    # The code before this revision knows no "awaiting_signatures": it would run such an application's
    # steps and file it with the agencies unsigned, or show a status it cannot name. Which is right
    # (withdraw them, wait for the signatures) is the operator's decision, not a migration's.
    waiting = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM applications WHERE status = 'awaiting_signatures'")).scalar()
    if waiting:
        raise RuntimeError(f"{waiting} application(s) still await signatures: withdraw them or let them be "
                           "signed before downgrading below revision 0014")
    op.drop_index("ix_applications_accepted_at", table_name="applications")
    # An application still awaiting signatures has no due time: it is due when it was filed.
    op.execute("UPDATE applications SET due_at = submitted_at WHERE due_at IS NULL")
    op.drop_column("applications", "accepted_at")  # SQLite 3.35 drops an unindexed column in place
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_applications(lambda sql: NULLABLE_DUE_AT.sub(r"\1 NOT NULL\2", sql, count=1))
    else:
        op.alter_column("applications", "due_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.drop_index("ix_signatures_application_id", table_name="signatures")
    op.drop_table("signatures")


NOT_NULL_DUE_AT = re.compile(r"(\bdue_at\s+DATETIME)\s+NOT\s+NULL", re.IGNORECASE)
NULLABLE_DUE_AT = re.compile(r"(\bdue_at\s+DATETIME)(\s*[,)])", re.IGNORECASE)


def _rebuild_sqlite_applications(change) -> None:
    """SQLite cannot drop NOT NULL in place: make the table again from its own CREATE statement,
    changed by `change`, with its rows and its indexes (each from its own statement).

    Dropping a table that other rows point at is refused while foreign keys are on, and the
    pragma that turns them off only takes effect outside a transaction: so what the earlier
    revisions of this run wrote is committed first (SQLite's DDL is not transactional for Alembic
    anyway), the table is rebuilt with foreign keys off, every reference is checked, the rebuild
    is committed, and foreign keys are on again before the connection goes back to the pool. The
    clerk queue's partial index, lost on SQLite by migration 0009's batch rebuild, is made again.
    """
    raw = op.get_bind().connection.dbapi_connection
    raw.commit()
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("PRAGMA legacy_alter_table = ON")  # the rename leaves the others' references to "applications"
    try:
        table_sql = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'applications'"
                                ).fetchone()[0]
        index_sql = [row[0] for row in raw.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'applications' AND sql IS NOT NULL")]
        if not any("ix_applications_open_queue" in sql for sql in index_sql):
            index_sql.append(f"CREATE INDEX ix_applications_open_queue ON applications ({RED_FIRST}, due_at, id) "
                             f"WHERE {OPEN_SQL}")
        columns = ", ".join(f'"{row[1]}"' for row in raw.execute("PRAGMA table_info(applications)"))
        raw.execute("BEGIN")
        raw.execute("ALTER TABLE applications RENAME TO _applications_before_0014")
        raw.execute(change(table_sql))
        raw.execute(f"INSERT INTO applications ({columns}) SELECT {columns} FROM _applications_before_0014")
        raw.execute("DROP TABLE _applications_before_0014")
        for sql in index_sql:
            raw.execute(sql)
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"rows that point at no application after the rebuild: {broken[:5]}")
        raw.commit()
    except Exception:
        raw.rollback()
        raise
    finally:
        raw.execute("PRAGMA legacy_alter_table = OFF")
        raw.execute("PRAGMA foreign_keys = ON")
