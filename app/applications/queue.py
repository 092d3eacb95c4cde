"""The clerk queue as one SQL query: open applications, red first, then by due time, keyset-paged.

A search, or a chosen state the window no longer works on (issued, shipped, delivered, rejected,
withdrawn), reaches past the open queue: every state, newest first, keyset-paged on the id.

Plain SQLAlchemy Core on the tables, so the benchmark runs the very same statement.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, literal_column, or_, select, text, tuple_, union
from sqlalchemy.engine import Connection

from app import privacy
from app.models import Application, ApplicationStatus, DocumentPromise, PersonalDataDigest, Signature, Step
from app.models import application as application_model
from app.timefmt import SHANGHAI

PAGE_SIZE = 50
# The same text as the index in migration 0002, so SQLite and PostgreSQL both walk that index.
RED_FIRST = literal_column(application_model.RED_FIRST)
# The partial index's condition, word for word: SQLite uses a partial index only for a literal match.
IS_OPEN = text(application_model.OPEN_SQL)
_NUMBER = re.compile(r"\d{6,32}")
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")

applications = Application.__table__
steps = Step.__table__
digests = PersonalDataDigest.__table__
promises = DocumentPromise.__table__
signatures = Signature.__table__
# States the window no longer works on: found by a search or by choosing the state, never in the open queue.
SETTLED = ApplicationStatus.HANDED_OVER + ApplicationStatus.STOPPED
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the cursor's due time where the order is by id alone
_PERSON_NAME = re.compile(r"[^\d\s%_]{2,30}")  # what a person's name may look like in the search box


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    light: str = ""
    entity_type: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str = ""


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended: (rank, due_at, id) of its last row."""

    rank: int
    due_at: datetime
    id: int

    def encode(self) -> str:
        return f"{self.rank}.{int(self.due_at.timestamp() * 1_000_000)}.{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> "Cursor | None":
        try:
            rank, micros, row_id = (int(part) for part in (text or "").split("."))
            due = EPOCH + timedelta(microseconds=micros)
        except (ValueError, OverflowError):  # a garbled or hand-made cursor starts from the top
            return None
        if not (0 <= rank <= 1 and 0 <= row_id < 2**63):
            return None
        return cls(rank, due, row_id)


@dataclass
class QueuePage:
    rows: list[dict]
    next_cursor: str | None
    step_states: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def reaches_past_open(filters: QueueFilters) -> bool:
    """A search with no state chosen, or a settled state chosen: the open queue's index does not apply."""
    return filters.status in SETTLED or (bool(filters.search.strip()) and not filters.status)


def promise_overdue(today: date) -> ColumnElement[bool]:
    """容缺受理 overdue: the promised date has passed (`today` in Asia/Shanghai) and the document has
    not come in. The one statement of the rule, for the queue's flag and the application page."""
    return and_(promises.c.fulfilled_at.is_(None), promises.c.promised_by < today)


def _narrowing(filters: QueueFilters) -> list[ColumnElement[bool]]:
    a = applications.c
    conditions = []
    if filters.status:
        conditions.append(a.status == filters.status)
    if filters.light:
        conditions.append(a.light == filters.light)
    if filters.entity_type:
        conditions.append(a.entity_type == filters.entity_type)
    if filters.submitted_from:
        conditions.append(a.submitted_at >= _local_midnight(filters.submitted_from))
    if filters.submitted_to:
        conditions.append(a.submitted_at < _local_midnight(filters.submitted_to + timedelta(days=1)))
    search = filters.search.strip()
    if search:
        conditions.append(search_condition(search))
    return conditions


def queue_statement(filters: QueueFilters, after: Cursor | None = None, limit: int = PAGE_SIZE,
                    today: date | None = None) -> Select:
    a = applications.c
    overdue = exists().where(promises.c.application_id == a.id, promise_overdue(today or datetime.now(SHANGHAI).date()))
    columns = (a.id, a.number, a.company_name, a.entity_type, a.channel, a.status, a.light, a.submitted_at,
               a.due_at, a.ready_at, a.issue_due_at, a.uscc, overdue.label("promise_overdue"))
    conditions = _narrowing(filters)
    if reaches_past_open(filters):
        # Newest first: the primary key serves the order, whatever the state.
        if after is not None:
            conditions.append(a.id < after.id)
        return (select(*columns, literal_column("1").label("rank")).where(and_(*conditions))
                .order_by(a.id.desc()).limit(limit + 1))
    # Always the open states (the partial index's condition), narrowed by the chosen state.
    conditions.insert(0, IS_OPEN)
    if filters.light:
        # One light chosen: its rank is one number, so the order is the due time's alone and the open
        # applications' (light, due_at, id) index walks it — red first would pass every red row first.
        rank = literal_column("0" if filters.light == "red" else "1")
        if after is not None:
            conditions.append(tuple_(a.due_at, a.id) > tuple_(after.due_at, after.id))
        return (select(*columns, rank.label("rank")).where(and_(*conditions))
                .order_by(a.due_at, a.id).limit(limit + 1))
    if after is not None:
        conditions.append(tuple_(RED_FIRST, a.due_at, a.id) > tuple_(after.rank, after.due_at, after.id))
    return (select(*columns, RED_FIRST.label("rank")).where(and_(*conditions))
            .order_by(RED_FIRST, a.due_at, a.id).limit(limit + 1))


def search_condition(search: str) -> ColumnElement[bool]:
    """What the search box finds: a credit code, an application number (or its prefix), a part of
    the company name or the exact name of a party who signs — or, by its keyed hash, an exact ID
    number or phone of anyone in the form."""
    a = applications.c
    upper = search.upper()
    indexed = True
    if _USCC.fullmatch(upper):
        found = or_(a.uscc == upper, a.number == search)
    elif _NUMBER.fullmatch(search):
        # A prefix as a range, so the unique index on number serves it on every database.
        found = (a.number == search if len(search) >= 18 else
                 and_(a.number >= search, a.number < search + ":"))
    else:
        indexed = False
        found = a.company_name.like("%" + search.replace("%", r"\%").replace("_", r"\_") + "%", escape="\\")
        if _PERSON_NAME.fullmatch(search):
            # A party's name as the signing record holds it (法定代表人, 股东): exact, as typed.
            found = or_(found, a.id.in_(select(signatures.c.application_id).where(signatures.c.name == search)))
    wanted = privacy.search_digests(search)
    if not wanted:
        return found
    by_digest = select(digests.c.application_id).where(digests.c.digest.in_(wanted))
    if indexed:
        # Both halves are index lookups: one IN over their union is a semi-join on the primary key
        # (an OR would have the database walk every open application instead).
        return a.id.in_(union(select(a.id).where(found), by_digest))
    return or_(found, a.id.in_(by_digest))


def queue_page(connection: Connection, filters: QueueFilters, after: Cursor | None = None,
               limit: int = PAGE_SIZE, today: date | None = None) -> QueuePage:
    """One page of the queue and the step states of its rows (two short queries); `today` (Asia/Shanghai)
    decides which 容缺受理 promises are overdue."""
    rows = [dict(row._mapping) for row in connection.execute(queue_statement(filters, after, limit, today))]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = Cursor(last["rank"], last["due_at"] or EPOCH, last["id"]).encode()
    states: dict[int, list[tuple[str, str]]] = {row["id"]: [] for row in rows}
    if rows:
        for step in connection.execute(select(steps.c.application_id, steps.c.name, steps.c.status)
                                       .where(steps.c.application_id.in_(list(states)))
                                       .order_by(steps.c.application_id, steps.c.position)):
            states[step.application_id].append((step.name, step.status))
    return QueuePage(rows, next_cursor, states)
