"""The window's statistics, aggregated in SQL: per day, 网办率, on time per stage, time to issue, reviews, 好差评.

Everything is about the applications accepted (受理: the last party signed) in a period of Shanghai
calendar days (ratings and review events: those made in the period); one still awaiting signatures
is not counted. Durations are wall-clock hours, acceptance → handed over.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.sql import ColumnElement

from app.extensions import db
from app.models import Application, AuditEvent, Channel, Rating, Step, StepStatus
from app.models.types import utcnow
from app.pipeline.plan import PLAN
from app.timefmt import SHANGHAI

# Audit actions that mean a step came back for a person to look at (runner.py writes "<step>: reason").
REVIEW_ACTIONS = ("agency_refused", "step_failed")
SHANGHAI_OFFSET_HOURS = 8  # Asia/Shanghai keeps no daylight saving time
P90 = 0.9


@dataclass(frozen=True)
class Period:
    """Shanghai calendar days first..last, inclusive."""

    first: date
    last: date

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.first, time(0), SHANGHAI)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), SHANGHAI)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def last_days(days: int = 30, now: datetime | None = None) -> Period:
    """The `days` Shanghai days ending today."""
    today = (now or utcnow()).astimezone(SHANGHAI).date()
    return Period(today - timedelta(days=days - 1), today)


@dataclass
class DayRow:
    day: date
    applications: int = 0
    online: int = 0
    apply_done: int = 0
    apply_on_time: int = 0
    issue_done: int = 0
    issue_on_time: int = 0

    @property
    def window(self) -> int:
        return self.applications - self.online

    @property
    def online_share(self) -> float | None:
        return share(self.online, self.applications)


@dataclass
class Stats:
    period: Period
    days: list[DayRow]
    hours_to_issue_avg: float | None
    hours_to_issue_p90: float | None
    handed_over: int
    reviews_by_step: list[tuple[str, int]]
    open_reviews_by_step: list[tuple[str, int]]
    rating_count: int
    rating_avg: float | None
    rating_distribution: dict[int, int] = field(default_factory=dict)

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.days)

    @property
    def online_share(self) -> float | None:
        """网办率: the share of applications submitted online."""
        return share(self.total("online"), self.total("applications"))

    @property
    def apply_on_time_share(self) -> float | None:
        return share(self.total("apply_on_time"), self.total("apply_done"))

    @property
    def issue_on_time_share(self) -> float | None:
        return share(self.total("issue_on_time"), self.total("issue_done"))


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def dialect() -> str:
    return db.session.get_bind().dialect.name


def local_day(column) -> ColumnElement:
    """'YYYY-MM-DD' of a UTC timestamp column, in Shanghai."""
    if dialect() == "postgresql":
        return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM-DD")
    # SQLite keeps naive UTC text (app.models.types); shift it by Shanghai's fixed offset.
    return func.strftime("%Y-%m-%d", column, f"+{SHANGHAI_OFFSET_HOURS} hours")


def seconds_between(start, end) -> ColumnElement:
    if dialect() == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def in_period(column, period: Period) -> ColumnElement:
    return and_(column >= period.start_at, column < period.end_at)


def count_if(condition) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def per_day(period: Period) -> list[DayRow]:
    """One row per Shanghai day of the period (days with nothing submitted included)."""
    day = local_day(Application.accepted_at).label("day")
    query = (select(
        day, func.count(),
        count_if(Application.channel == Channel.ONLINE),
        count_if(Application.ready_at.is_not(None)),
        count_if(Application.ready_at <= Application.due_at),
        count_if(and_(Application.handed_over_at.is_not(None), Application.issue_due_at.is_not(None))),
        count_if(Application.handed_over_at <= Application.issue_due_at),
    ).where(in_period(Application.accepted_at, period)).group_by(day))
    found = {row[0]: DayRow(date.fromisoformat(row[0]), *map(int, row[1:])) for row in db.session.execute(query)}
    return [found.get(d.isoformat(), DayRow(d)) for d in period.days()]


def hours_to_issue(period: Period) -> tuple[int, float | None, float | None]:
    """(how many were handed over, average hours, p90 hours) from submit to hand-over."""
    seconds = seconds_between(Application.accepted_at, Application.handed_over_at)
    where = and_(in_period(Application.accepted_at, period), Application.handed_over_at.is_not(None))
    if dialect() == "postgresql":
        count, average, p90 = db.session.execute(select(
            func.count(), func.avg(seconds),
            func.percentile_cont(P90).within_group(seconds)).where(where)).one()
    else:
        count, average = db.session.execute(select(func.count(), func.avg(seconds)).where(where)).one()
        p90 = percentile_by_offset(seconds, where, count, P90)
    if not count:
        return 0, None, None
    return int(count), float(average) / 3600, float(p90) / 3600


def percentile_by_offset(expression, where, count: int, fraction: float) -> float | None:
    """percentile_cont without the SQL function: the sort stays in the database, two rows come back."""
    if not count:
        return None
    position = fraction * (count - 1)
    lower = math.floor(position)
    values = [float(v) for v in db.session.scalars(
        select(cast(expression, Float)).where(where).order_by(expression).offset(lower).limit(2))]
    if len(values) == 1 or position == lower:
        return values[0]
    return values[0] + (values[1] - values[0]) * (position - lower)


def reviews_by_step(period: Period) -> list[tuple[str, int]]:
    """How often each step came back for review in the period, most often first."""
    columns = [count_if(AuditEvent.note.like(f"{step.name}:%")) for step in PLAN]
    counts = db.session.execute(select(*columns).where(
        AuditEvent.action.in_(REVIEW_ACTIONS), in_period(AuditEvent.at, period))).one()
    ranked = [(step.name, int(n)) for step, n in zip(PLAN, counts, strict=True) if n]
    return sorted(ranked, key=lambda pair: -pair[1])


def open_reviews_by_step() -> list[tuple[str, int]]:
    """Steps waiting for a person right now (needs_review or failed), by step."""
    rows = db.session.execute(select(Step.name, func.count())
                              .where(Step.status.in_(StepStatus.STUCK))
                              .group_by(Step.name).order_by(func.count().desc()))
    return [(name, int(n)) for name, n in rows]


def satisfaction(period: Period) -> tuple[int, float | None, dict[int, int]]:
    """(how many ratings, average score, score → count for 1..5) for ratings given in the period."""
    rows = db.session.execute(select(Rating.score, func.count())
                              .where(in_period(Rating.created_at, period)).group_by(Rating.score))
    distribution = dict.fromkeys(range(1, 6), 0) | {int(score): int(n) for score, n in rows}
    count = sum(distribution.values())
    average = sum(score * n for score, n in distribution.items()) / count if count else None
    return count, average, distribution


def compute(period: Period) -> Stats:
    handed_over, average, p90 = hours_to_issue(period)
    count, rating_avg, distribution = satisfaction(period)
    return Stats(period=period, days=per_day(period), hours_to_issue_avg=average, hours_to_issue_p90=p90,
                 handed_over=handed_over, reviews_by_step=reviews_by_step(period),
                 open_reviews_by_step=open_reviews_by_step(), rating_count=count, rating_avg=rating_avg,
                 rating_distribution=distribution)
