"""The moments a light turns (亮灯督办), so a stored light can follow the clock in one SQL statement.

`app.sla.clock.light` counts the working time used: green under half the commitment, yellow from
half, red once past due. With the pauses behind it fixed, "half used" is a moment just as the due
time is, counted with the same arithmetic: stored beside the due time, the light at any moment
after the last closed pause is a comparison of that moment with the two (`light_at`), which the
periodic refresh does in SQL for every open application at once. Pure: no Flask, no database.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from app.sla.calendar import WorkCalendar
from app.sla.clock import (
    Commitment,
    Light,
    OfficeHours,
    Pause,
    add_working_time,
    clock_start,
    paused_working_time,
)


def half_of(allowed: timedelta) -> timedelta:
    """The least working time that counts as half used: `used * 2 >= allowed`, to the microsecond."""
    microseconds = allowed // timedelta(microseconds=1)
    return timedelta(microseconds=-(-microseconds // 2))


def yellow_at(
    start: datetime,
    calendar: WorkCalendar,
    hours: OfficeHours,
    commitment: Commitment,
    paused: Iterable[Pause] = (),
) -> datetime:
    """When half the commitment is used; like `due_at`, closed 补正 pauses push it back, open ones are ignored."""
    started = clock_start(start, calendar, hours)
    extra = paused_working_time(started, paused, calendar, hours)
    return add_working_time(started, half_of(commitment.duration(hours)) + extra, calendar, hours)


def light_at(moment: datetime, yellow: datetime, due: datetime) -> Light:
    """The light at `moment` from the stored moments: red once past due, yellow from half, else green.

    The same comparison as the refresh's SQL CASE; it equals `clock.light` at any moment after the
    pauses the two moments were counted with."""
    if moment > due:
        return "red"
    return "yellow" if moment >= yellow else "green"
