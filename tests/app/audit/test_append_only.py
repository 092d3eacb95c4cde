"""Audit rows are append-only: the database itself refuses UPDATE and DELETE (and TRUNCATE on
PostgreSQL), whoever sends them — on the embedded SQLite and on PostgreSQL."""

import os
from datetime import UTC, datetime

import pytest
from alembic import command
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, text, update
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record_event
from app.extensions import db
from app.factory import create_app
from app.models import Application, AuditEvent
from config import Testing
from devstack.stack import own_database, reset_postgres
from tests.factories import create_bare_application


def database_url(backend: str, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'audit.sqlite'}"
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    url = own_database(server, "kaiban_audit")
    reset_postgres(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def trail(request, tmp_path):
    """An app context on a database built by the real migrations, with one audit event in it."""
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=database_url(request.param, tmp_path),
                     INSTANCE_PATH=str(tmp_path))
    with app.app_context():
        upgrade(revision="heads")
        event = record_event("calendar_edited", "cli:root", note="2027: (weekdays) → holidays [2027-01-01] workdays []")
        db.session.commit()
        yield event
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def refused(statement) -> None:
    with pytest.raises(IntegrityError, match="append-only"):
        db.session.execute(statement)
        db.session.flush()
    db.session.rollback()


def stored(event_id: int) -> tuple:
    db.session.expire_all()
    row = db.session.execute(text("SELECT actor, action, note FROM audit_events WHERE id = :id"),
                             {"id": event_id}).one()
    return tuple(row)


ORIGINAL = ("cli:root", "calendar_edited", "2027: (weekdays) → holidays [2027-01-01] workdays []")


def test_an_update_through_the_orm_or_a_statement_is_refused_and_the_row_is_unchanged(trail):
    event_id = trail.id
    trail.note = "nothing happened"
    trail.actor = "someone else"
    with pytest.raises(IntegrityError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    refused(update(AuditEvent).where(AuditEvent.id == event_id).values(note="rewritten"))
    refused(update(AuditEvent).values(actor_user_id=None, actor="nobody"))
    refused(text("UPDATE audit_events SET note = 'raw' WHERE id = :id").bindparams(id=event_id))
    assert stored(event_id) == ORIGINAL


def test_a_delete_through_the_orm_or_a_statement_is_refused_and_the_row_stays(trail):
    event_id = trail.id
    db.session.delete(trail)
    with pytest.raises(IntegrityError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    refused(delete(AuditEvent).where(AuditEvent.id == event_id))
    refused(delete(AuditEvent))  # a whole-table delete (SQLite's truncate shortcut is off with a trigger)
    if db.engine.dialect.name == "postgresql":
        refused(text("TRUNCATE audit_events"))  # TRUNCATE fires no row trigger; a statement trigger refuses it
    assert stored(event_id) == ORIGINAL


def test_new_events_are_still_added(trail):
    record_event("signed_in", "cli:root")
    db.session.commit()
    assert db.session.query(AuditEvent).count() == 2


def test_downgrading_0011_drops_the_triggers_and_upgrading_puts_them_back(trail):
    application_id = create_bare_application("20270104000001", datetime.now(UTC)).id
    event = record_event("rejected", "cli:root", db.session.get(Application, application_id))
    db.session.commit()
    event_id = event.id
    db.session.remove()
    # Below 0011 an event must concern an application: the calendar edit stops the downgrade, untouched.
    with pytest.raises(RuntimeError, match="concern no application"):
        command.downgrade(current_app.extensions["migrate"].migrate.get_config(), "0010")
    db.session.remove()
    refused(text("DELETE FROM audit_events WHERE application_id IS NULL"))
    upgrade(revision="heads")  # (on SQLite the refused downgrade may have stopped part-way down the chain)
    with db.engine.begin() as connection:  # the operator's way round the guard: without the triggers for a moment
        for statement in DROP_TRIGGERS[db.engine.dialect.name]:
            connection.execute(text(statement))
        connection.execute(text("DELETE FROM audit_events WHERE application_id IS NULL"))
    downgrade(revision="0010")
    db.session.execute(text("UPDATE audit_events SET note = 'after downgrade' WHERE id = :id"), {"id": event_id})
    db.session.commit()
    db.session.remove()
    upgrade(revision="heads")
    refused(text("UPDATE audit_events SET note = 'again' WHERE id = :id").bindparams(id=event_id))
    refused(text("DELETE FROM audit_events WHERE id = :id").bindparams(id=event_id))
    assert stored(event_id)[2] == "after downgrade"


DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"],
    "postgresql": ["DROP TRIGGER audit_events_no_update_or_delete ON audit_events",
                   "DROP TRIGGER audit_events_no_truncate ON audit_events"],
}
