"""Entered calendar years (节假日安排): store a year an admin typed in, and say which years are missing."""

from datetime import datetime

from sqlalchemy import func, select

from app.audit.operations import Actor, actor_name, record_event
from app.extensions import db
from app.models import Application, ApplicationStatus, CalendarYear
from app.models.types import utcnow
from app.sla import centre as sla
from app.sla import parse_year_schedule
from app.timefmt import SHANGHAI


def set_year(year: int, holidays: list[str], workdays: list[str], actor: Actor) -> CalendarYear:
    """Validate and store (or replace) one year's schedule; raises ValueError in plain Chinese. No commit.

    The audit trail gets `calendar_edited` with the year's old and new days; for a year not entered
    before, the old value is where the clock took it from: "(package)", "(statutory)" (the law's
    holidays plus weekends) or "(weekdays)"."""
    if not 2000 <= year <= 2100:
        raise ValueError(f"年份“{year}”不合理，请填写如 2027 的四位年份")
    schedule = parse_year_schedule(year, holidays, workdays)
    row = db.session.get(CalendarYear, year)
    before = calendar_text(row.holidays, row.workdays) if row is not None else \
        f"({sla.calendar().source_for_year(year)})"
    row = row or CalendarYear(year=year)
    row.holidays = sorted(d.isoformat() for d in schedule.holidays)
    row.workdays = sorted(d.isoformat() for d in schedule.workdays)
    row.entered_by = actor_name(actor)
    row.entered_at = utcnow()
    db.session.add(row)
    record_event("calendar_edited", actor, note=f"{year}: {before} → {calendar_text(row.holidays, row.workdays)}")
    return row


def calendar_text(holidays: list[str], workdays: list[str]) -> str:
    """A year's entered days in one line for the record: `holidays [...] workdays [...]`."""
    return f"holidays [{' '.join(holidays)}] workdays [{' '.join(workdays)}]"


def entered_years() -> list[CalendarYear]:
    return list(db.session.scalars(select(CalendarYear).order_by(CalendarYear.year)))


def years_in_play(now: datetime | None = None) -> set[int]:
    """This year, next year, and every year an open application's due time falls in."""
    this_year = (now or utcnow()).astimezone(SHANGHAI).year
    years = {this_year, this_year + 1}
    latest = db.session.execute(
        select(func.max(Application.due_at), func.max(Application.issue_due_at))
        .where(Application.status.in_(ApplicationStatus.OPEN))).one()
    for moment in latest:
        if moment is not None:
            years.update(range(this_year, moment.astimezone(SHANGHAI).year + 1))
    return years


def missing_years(now: datetime | None = None) -> list[int]:
    """Years in play with no official schedule (nobody entered them and the package lacks them): the
    clock counts them by the law's holidays plus weekends (or Monday–Friday), and due times are provisional."""
    return sla.calendar().missing_years(years_in_play(now))
