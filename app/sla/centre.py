"""The clock under this deployment's settings and calendar (the arithmetic is in app.sla)."""

import time
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import CalendarYear
from app.sla import Commitment, OfficeHours, WorkCalendar, YearSchedule, due_at

CALENDAR_TTL_SECONDS = 60.0  # other processes see an entered year within a minute


def calendar() -> WorkCalendar:
    """The working-day calendar, with the years an admin entered; cached per process."""
    cached = current_app.extensions.get("work_calendar")
    if cached and time.monotonic() - cached[0] < CALENDAR_TTL_SECONDS:
        return cached[1]
    entered = {
        row.year: YearSchedule(frozenset(date.fromisoformat(d) for d in row.holidays),
                               frozenset(date.fromisoformat(d) for d in row.workdays))
        for row in db.session.scalars(select(CalendarYear))
    }
    work_calendar = WorkCalendar(entered)
    current_app.extensions["work_calendar"] = (time.monotonic(), work_calendar)
    return work_calendar


def forget_calendar() -> None:
    current_app.extensions.pop("work_calendar", None)


def office_hours() -> OfficeHours:
    return OfficeHours.parse(current_app.config["OFFICE_HOURS"])


def commitment(stage: str = "apply", hours_override: float | None = None) -> Commitment:
    if hours_override is not None:
        return Commitment(hours_override / (office_hours().day_length.total_seconds() / 3600))
    key = "COMMITMENT_WORKING_DAYS" if stage == "apply" else "ISSUE_COMMITMENT_WORKING_DAYS"
    return Commitment(current_app.config[key])


def apply_due_at(submitted: datetime, pauses=(), now: datetime | None = None) -> datetime:
    return due_at(submitted, calendar(), office_hours(), commitment("apply"), pauses, now)


def issue_due_at(ready: datetime) -> datetime:
    return due_at(ready, calendar(), office_hours(), commitment("issue"))
