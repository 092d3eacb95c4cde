"""Migration 0018 fills the yellow moments of applications already on the clock, with the clock's arithmetic."""

from datetime import UTC, datetime, timedelta

from alembic import command
from flask_migrate import upgrade
from sqlalchemy import text

from app.extensions import db
from app.factory import MIGRATIONS, create_app
from app.models import Application
from app.sla import centre
from app.sla.lights import current_light, refresh_lights
from app.sla.turns import yellow_at
from app.timefmt import SHANGHAI
from config import Testing

MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)
ROW = ("INSERT INTO applications (id, number, channel, status, entity_type, company_name, name_key, form, "
       "submitted_at, accepted_at, due_at, ready_at, issue_due_at, light, token_generation, updated_at) VALUES "
       "(:id, :number, 'online', :status, 'llc', :number, :number, '{}', :accepted, :accepted, :due, :ready, "
       ":issue_due, 'green', 0, :accepted)")


def utc(moment: datetime | None) -> str | None:
    """As SQLite holds a UTCDateTime: naive UTC text."""
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def test_the_backfill_fills_open_applications_and_leaves_settled_ones(tmp_path):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'backfill.sqlite'}")
    pause = (MONDAY_9 + timedelta(hours=1), MONDAY_9 + timedelta(days=1, hours=1))
    with app.app_context():
        upgrade(revision="0017")
        rows = [
            {"id": 1, "status": "processing", "accepted": MONDAY_9, "ready": None},  # with a closed pause
            {"id": 2, "status": "ready_for_issue", "accepted": MONDAY_9 - timedelta(days=3), "ready": MONDAY_9},
            {"id": 3, "status": "awaiting_correction", "accepted": MONDAY_9, "ready": None},  # its pause is open
            {"id": 4, "status": "issued", "accepted": MONDAY_9, "ready": MONDAY_9},  # settled
        ]
        for row in rows:
            db.session.execute(text(ROW), {"number": f"B{row['id']}", "id": row["id"], "status": row["status"],
                                           "accepted": utc(row["accepted"]), "ready": utc(row["ready"]),
                                           "due": utc(centre.apply_due_at(row["accepted"],
                                                                          [pause] if row["id"] == 1 else [])),
                                           "issue_due": utc(row["ready"] and centre.issue_due_at(row["ready"]))})
        db.session.execute(text("INSERT INTO pauses (application_id, started_at, ended_at, reason) VALUES "
                                "(1, :start, :end, '补正'), (3, :start, NULL, '补正')"),
                           {"start": utc(pause[0]), "end": utc(pause[1])})
        db.session.commit()
        upgrade(revision="0018")
        db.session.expire_all()
        calendar, hours = centre.calendar(), centre.office_hours()
        by_id = {a.id: a for a in db.session.scalars(db.select(Application))}
        assert by_id[1].yellow_at == yellow_at(MONDAY_9, calendar, hours, centre.commitment("apply"), [pause])
        assert by_id[1].yellow_at == datetime(2026, 11, 17, 14, 0, tzinfo=SHANGHAI)  # a working day later
        assert by_id[2].issue_yellow_at == datetime(2026, 11, 16, 14, 0, tzinfo=SHANGHAI)
        assert by_id[3].yellow_at == datetime(2026, 11, 16, 14, 0, tzinfo=SHANGHAI)  # the open pause counts for none
        assert by_id[4].yellow_at is None and by_id[4].issue_yellow_at is None
        tuesday_16 = datetime(2026, 11, 17, 16, 0, tzinfo=SHANGHAI)
        refresh_lights(tuesday_16)
        db.session.expire_all()
        assert [(a.id, a.light) for a in by_id.values()] == [(1, "yellow"), (2, "red"), (3, "green"), (4, "green")]
        assert all(by_id[i].light == current_light(by_id[i], tuesday_16) for i in (1, 2, 3))
        db.engine.dispose()


def test_the_revision_goes_down_and_up_again(tmp_path):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'down.sqlite'}")
    with app.app_context():
        upgrade()
        config = app.extensions["migrate"].migrate.get_config(MIGRATIONS)
        command.downgrade(config, "0017")
        columns = {row[1] for row in db.session.execute(text("PRAGMA table_info(applications)"))}
        assert not {"yellow_at", "issue_yellow_at"} & columns
        upgrade()
        columns = {row[1] for row in db.session.execute(text("PRAGMA table_info(applications)"))}
        assert {"yellow_at", "issue_yellow_at"} <= columns
        db.engine.dispose()
