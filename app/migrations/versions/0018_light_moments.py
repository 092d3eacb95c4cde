"""the moments the lights turn yellow, so the periodic refresh is one UPDATE; the queue by one light (issue 13)

Beside each stage's due time, the moment half its commitment is used (`yellow_at`,
`issue_yellow_at`; app.sla.turns). A data migration fills them for every accepted application
still on the clock (open, or accepted and signing again after a correction), with the running
app's office hours and commitments and the calendar as stored: the apply stage from acceptance
with its closed 补正 pauses, the issue stage from ready_at. Settled applications keep none: their
light no longer moves.

The clerk queue with one light chosen orders by due time alone (its rank is one number) over a
partial index of the open applications by (light, due_at, id).

Revision ID: 0018
Revises: 0017
"""
from datetime import date

import sqlalchemy as sa
from alembic import op
from flask import current_app

from app.models.types import UTCDateTime
from app.sla import Commitment, OfficeHours, WorkCalendar, YearSchedule
from app.sla.turns import yellow_at

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

BATCH = 500
WHEN = sa.DateTime(timezone=True)
MOMENT = UTCDateTime()  # aware UTC in and out, on SQLite too
# The clerk queue's partial-index condition, word for word (SQLite matches it literally).
OPEN_SQL = "status IN ('submitted', 'processing', 'needs_review', 'awaiting_correction', 'ready_for_issue')"
ON_THE_CLOCK = ("submitted", "processing", "needs_review", "awaiting_correction", "ready_for_issue",
                "awaiting_signatures")

applications = sa.table("applications", sa.column("id", sa.Integer), sa.column("status", sa.String),
                        sa.column("accepted_at", MOMENT), sa.column("ready_at", MOMENT),
                        sa.column("yellow_at", MOMENT), sa.column("issue_yellow_at", MOMENT))
pauses = sa.table("pauses", sa.column("application_id", sa.Integer), sa.column("started_at", MOMENT),
                  sa.column("ended_at", MOMENT))
calendar_years = sa.table("calendar_years", sa.column("year", sa.Integer), sa.column("holidays", sa.JSON),
                          sa.column("workdays", sa.JSON))


def upgrade():
    op.add_column("applications", sa.Column("yellow_at", WHEN, nullable=True))
    op.add_column("applications", sa.Column("issue_yellow_at", WHEN, nullable=True))
    # The clerk queue with one light chosen: red first would have it pass every red row first.
    op.create_index("ix_applications_open_by_light", "applications", ["light", "due_at", "id"],
                    postgresql_where=sa.text(OPEN_SQL), sqlite_where=sa.text(OPEN_SQL))
    backfill()


def downgrade():
    op.drop_index("ix_applications_open_by_light", table_name="applications")
    op.drop_column("applications", "issue_yellow_at")  # SQLite 3.35 drops an unindexed column in place
    op.drop_column("applications", "yellow_at")


def backfill() -> None:
    bind = op.get_bind()
    calendar = _calendar(bind)
    hours = OfficeHours.parse(current_app.config["OFFICE_HOURS"])
    apply = Commitment(current_app.config["COMMITMENT_WORKING_DAYS"])
    issue = Commitment(current_app.config["ISSUE_COMMITMENT_WORKING_DAYS"])
    stamp = (applications.update().where(applications.c.id == sa.bindparam("row_id"))
             .values(yellow_at=sa.bindparam("yellow", type_=MOMENT),
                     issue_yellow_at=sa.bindparam("issue_yellow", type_=MOMENT)))
    for batch in _on_the_clock(bind):
        closed = _closed_pauses(bind, [row.id for row in batch])
        bind.execute(stamp, [{"row_id": row.id,
                              "yellow": yellow_at(row.accepted_at, calendar, hours, apply, closed.get(row.id, [])),
                              "issue_yellow": row.ready_at and yellow_at(row.ready_at, calendar, hours, issue)}
                             for row in batch])


def _calendar(bind) -> WorkCalendar:
    """The calendar as app.sla.centre builds it, read on the migration's own connection."""
    entered = {row.year: YearSchedule(frozenset(date.fromisoformat(d) for d in row.holidays),
                                      frozenset(date.fromisoformat(d) for d in row.workdays))
               for row in bind.execute(sa.select(calendar_years))}
    return WorkCalendar(entered)


def _on_the_clock(bind):
    after = 0
    while True:
        batch = bind.execute(sa.select(applications.c.id, applications.c.accepted_at, applications.c.ready_at)
                             .where(applications.c.id > after, applications.c.status.in_(ON_THE_CLOCK),
                                    applications.c.accepted_at.is_not(None))
                             .order_by(applications.c.id).limit(BATCH)).all()
        if not batch:
            return
        yield batch
        after = batch[-1].id


def _closed_pauses(bind, application_ids: list[int]) -> dict[int, list]:
    """The closed pauses of these applications, (start, end) each, by application."""
    found: dict[int, list] = {}
    for row in bind.execute(sa.select(pauses.c.application_id, pauses.c.started_at, pauses.c.ended_at)
                            .where(pauses.c.application_id.in_(application_ids), pauses.c.ended_at.is_not(None))
                            .order_by(pauses.c.started_at)):
        found.setdefault(row.application_id, []).append((row.started_at, row.ended_at))
    return found

