"""The applications still awaiting their parties' signatures, as the clerk's queue lists them (待签名).

They are not in the queue's open states (the clock has not started: no due time, no light), so
they have a statement of their own: oldest filed first — the signing deadline runs from filing —
with the queue's filters and search, keyset-paged on (submitted_at, id) with the queue's Cursor.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import Integer, Select, and_, case, func, select, tuple_
from sqlalchemy.engine import Connection

from app.applications.queue import PAGE_SIZE, Cursor, QueueFilters, QueuePage, search_condition
from app.models import Application, ApplicationStatus, Signature, SignatureStatus
from app.timefmt import SHANGHAI

applications = Application.__table__
signatures = Signature.__table__


def _local_midnight(day) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def _parties():
    """Per application: how many parties, how many have signed, when the links run out."""
    s = signatures.c
    return (select(s.application_id, func.count().label("parties"),
                   func.sum(case((s.status == SignatureStatus.SIGNED, 1), else_=0)).cast(Integer).label("signed"),
                   func.min(s.expires_at).label("signing_deadline"))
            .group_by(s.application_id).subquery("parties"))


def awaiting_statement(filters: QueueFilters, after: Cursor | None = None, limit: int = PAGE_SIZE) -> Select:
    a = applications.c
    parties = _parties()
    conditions = [a.status == ApplicationStatus.AWAITING_SIGNATURES]
    if filters.entity_type:
        conditions.append(a.entity_type == filters.entity_type)
    if filters.submitted_from:
        conditions.append(a.submitted_at >= _local_midnight(filters.submitted_from))
    if filters.submitted_to:
        conditions.append(a.submitted_at < _local_midnight(filters.submitted_to + timedelta(days=1)))
    if filters.search.strip():
        conditions.append(search_condition(filters.search.strip()))
    if after is not None:
        conditions.append(tuple_(a.submitted_at, a.id) > tuple_(after.due_at, after.id))
    columns = (a.id, a.number, a.company_name, a.entity_type, a.channel, a.status, a.light, a.submitted_at,
               a.due_at, a.ready_at, a.issue_due_at, a.uscc, parties.c.parties, parties.c.signed,
               parties.c.signing_deadline)
    return (select(*columns).select_from(applications.outerjoin(parties, parties.c.application_id == a.id))
            .where(and_(*conditions)).order_by(a.submitted_at, a.id).limit(limit + 1))


def awaiting_page(connection: Connection, filters: QueueFilters, after: Cursor | None = None,
                  limit: int | None = None) -> QueuePage:
    """One page (PAGE_SIZE rows unless `limit`) of the applications awaiting signatures, with no step
    states: nothing has been filed with the agencies yet."""
    limit = limit or PAGE_SIZE
    rows = [dict(row._mapping) for row in connection.execute(awaiting_statement(filters, after, limit))]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = Cursor(0, rows[-1]["submitted_at"], rows[-1]["id"]).encode()
    return QueuePage(rows, next_cursor, {row["id"]: [] for row in rows})
