"""The one-working-day clock: official working days and working-time arithmetic (pure, no Flask)."""

from app.sla.calendar import WorkCalendar, YearSchedule, parse_year_schedule
from app.sla.clock import (
    Commitment,
    OfficeHours,
    add_working_time,
    clock_start,
    due_at,
    light,
    paused_working_time,
    working_time_between,
)

__all__ = [
    "Commitment",
    "OfficeHours",
    "WorkCalendar",
    "YearSchedule",
    "add_working_time",
    "clock_start",
    "due_at",
    "light",
    "parse_year_schedule",
    "paused_working_time",
    "working_time_between",
]
