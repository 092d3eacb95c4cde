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

REFUSED = "audit_events is append-only"

# SQLite: a trigger per statement kind; RAISE(ABORT) fails the statement as a constraint error.
SQLITE_TRIGGERS = {
    "audit_events_no_update": f"BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
    "audit_events_no_delete": f"BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
}

# PostgreSQL: one function; a row trigger for UPDATE and DELETE, a statement trigger for TRUNCATE
# (which fires no row trigger). restrict_violation makes it an integrity error, as on SQLite.
POSTGRES_UP = [
    f"""CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSED} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END $$""",
    """CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_no_update_or_delete ON audit_events",
    "DROP FUNCTION IF EXISTS audit_events_append_only()",
]


def upgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("application_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("actor_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_audit_events_actor_user_id", "users", ["actor_user_id"], ["id"])
        batch.create_index("ix_audit_events_actor_user_id", ["actor_user_id"])
    # After the batch: on SQLite a batch rebuilds the table, which would drop its triggers.
    # (So a later migration that batch-alters audit_events must create these again.)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)
    else:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade():
    # Schema 0010 cannot hold an event that concerns no application (a sign-in, a calendar edit), and
    # an audit trail is not thinned out by a migration: refuse, with the triggers still in place.
    bind = op.get_bind()
    orphans = bind.scalar(sa.text("SELECT count(*) FROM audit_events WHERE application_id IS NULL"))
    if orphans:
        raise RuntimeError(f"{orphans} audit event(s) concern no application and cannot be kept below "
                           "revision 0011; export them and remove them by hand before downgrading")
    if bind.dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_index("ix_audit_events_actor_user_id")
        batch.drop_constraint("fk_audit_events_actor_user_id", type_="foreignkey")
        batch.drop_column("actor_user_id")
        batch.alter_column("application_id", existing_type=sa.Integer(), nullable=False)
