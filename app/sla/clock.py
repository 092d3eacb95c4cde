"""Working-time arithmetic for the one-working-day commitment, in Asia/Shanghai office hours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Literal

from app.sla.calendar import WorkCalendar
from app.timefmt import SHANGHAI

Light = Literal["green", "yellow", "red"]
Pause = tuple[datetime, datetime | None]

_DEFAULT_PERIODS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)
# A calendar with no working day in ten years is a data-entry mistake, not a long holiday.
_MAX_REST_RUN = 3660


@dataclass(frozen=True)
class OfficeHours:
    """The opening periods of every working day, e.g. 09:00–12:00 and 13:30–17:30."""

    periods: tuple[tuple[time, time], ...] = field(default=_DEFAULT_PERIODS)

    def __post_init__(self) -> None:
        periods = tuple((start, end) for start, end in self.periods)
        object.__setattr__(self, "periods", periods)
        if not periods:
            raise ValueError("办公时间不能为空，请至少填写一个时段，如 09:00-12:00")
        previous_end: time | None = None
        for start, end in periods:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("办公时间按北京时间填写，不要带时区")
            if end <= start:
                raise ValueError(f"办公时段 {_hhmm(start)}-{_hhmm(end)} 的结束时间应晚于开始时间")
            if previous_end is not None and start < previous_end:
                raise ValueError("办公时段应按时间先后填写且互不重叠")
            previous_end = end

    @classmethod
    def parse(cls, setting: str) -> OfficeHours:
        """Read a setting such as "09:00-12:00,13:30-17:30"."""
        periods = []
        for part in setting.split(","):
            text = part.strip()
            if not text:
                continue
            start_text, dash, end_text = text.partition("-")
            if not dash:
                raise ValueError(f"办公时段“{text}”格式不对，请写成 09:00-12:00")
            try:
                periods.append((time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())))
            except ValueError:
                raise ValueError(f"办公时段“{text}”格式不对，请写成 09:00-12:00") from None
        return cls(tuple(periods))

    def __str__(self) -> str:
        return ",".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in self.periods)

    @cached_property
    def offsets(self) -> tuple[tuple[timedelta, timedelta], ...]:
        """Each period as (opening, closing) measured from midnight."""
        return tuple((_since_midnight(start), _since_midnight(end)) for start, end in self.periods)

    @cached_property
    def day_length(self) -> timedelta:
        """Working time in one full working day."""
        return sum((closing - opening for opening, closing in self.offsets), _ZERO)


@dataclass(frozen=True)
class Commitment:
    """The promised handling time in working days; 0.5 is 半天办 (done within half a day)."""

    working_days: float = 1.0

    def __post_init__(self) -> None:
        if not self.working_days > 0:
            raise ValueError("承诺时限应大于0个工作日")

    def duration(self, hours: OfficeHours) -> timedelta:
        """The commitment as working time."""
        return hours.day_length * self.working_days


def clock_start(moment: datetime, calendar: WorkCalendar, hours: OfficeHours) -> datetime:
    """The moment itself if the office is open then, else the next opening."""
    moment = _local(moment)
    day = moment.date()
    for _ in range(_MAX_REST_RUN):
        if calendar.is_workday(day):
            midnight = _midnight(day)
            for opening, closing in hours.offsets:
                if moment < midnight + closing:
                    return max(moment, midnight + opening)
        day += _ONE_DAY
        moment = _midnight(day)
    raise ValueError(f"{moment.date().isoformat()} 之前十年内没有工作日，请检查节假日设置")


def add_working_time(
    start: datetime, duration: timedelta, calendar: WorkCalendar, hours: OfficeHours
) -> datetime:
    """The moment when `duration` of working time has passed after start (a closing, not the next opening)."""
    if duration < _ZERO:
        raise ValueError("工作时长不能为负数")
    moment = _local(start)
    remaining = duration
    day = moment.date()
    first_opening = hours.offsets[0][0]
    day_length = hours.day_length
    rest_run = 0
    while True:
        if calendar.is_workday(day):
            rest_run = 0
            midnight = _midnight(day)
            if remaining > day_length and moment <= midnight + first_opening:
                remaining -= day_length  # a whole working day: skip it without looking at periods
            else:
                for opening, closing in hours.offsets:
                    closes_at = midnight + closing
                    if moment < closes_at:
                        from_ = max(moment, midnight + opening)
                        available = closes_at - from_
                        if remaining <= available:
                            return from_ + remaining
                        remaining -= available
        else:
            rest_run += 1
            if rest_run > _MAX_REST_RUN:
                raise ValueError(f"{day.isoformat()} 之前十年内没有工作日，请检查节假日设置")
        day += _ONE_DAY
        moment = _midnight(day)


def working_time_between(a: datetime, b: datetime, calendar: WorkCalendar, hours: OfficeHours) -> timedelta:
    """Working time from a to b (negative if b is before a)."""
    a, b = _local(a), _local(b)
    if b < a:
        return -working_time_between(b, a, calendar, hours)
    first_day, last_day = a.date(), b.date()
    if first_day == last_day:
        return _working_time_on(first_day, a, b, calendar, hours)
    whole_days = calendar.count_workdays(first_day + _ONE_DAY, last_day - _ONE_DAY)
    return (
        _working_time_on(first_day, a, None, calendar, hours)
        + hours.day_length * whole_days
        + _working_time_on(last_day, None, b, calendar, hours)
    )


def due_at(
    submitted: datetime,
    calendar: WorkCalendar,
    hours: OfficeHours,
    commitment: Commitment,
    paused: Iterable[Pause] = (),
    now: datetime | None = None,
) -> datetime:
    """When the commitment runs out; each 补正 pause pushes it back by the working time it covered.

    An open pause (end None) counts up to `now`; without `now` open pauses are ignored.
    """
    start = clock_start(submitted, calendar, hours)
    extra = paused_working_time(start, paused, calendar, hours, now)
    return add_working_time(start, commitment.duration(hours) + extra, calendar, hours)


def paused_working_time(
    start: datetime,
    paused: Iterable[Pause],
    calendar: WorkCalendar,
    hours: OfficeHours,
    now: datetime | None = None,
) -> timedelta:
    """Working time covered by the pauses after start; overlapping pauses count once."""
    start = _local(start)
    spans = []
    for pause_start, pause_end in paused:
        if pause_end is None:
            if now is None:
                continue
            pause_end = now
        span = (max(_local(pause_start), start), _local(pause_end))
        if span[0] < span[1]:
            spans.append(span)
    spans.sort()
    total = _ZERO
    merged_start: datetime | None = None
    merged_end = start
    for span_start, span_end in spans:
        if merged_start is not None and span_start <= merged_end:
            merged_end = max(merged_end, span_end)
            continue
        if merged_start is not None:
            total += working_time_between(merged_start, merged_end, calendar, hours)
        merged_start, merged_end = span_start, span_end
    if merged_start is not None:
        total += working_time_between(merged_start, merged_end, calendar, hours)
    return total


def light(
    start: datetime,
    now: datetime,
    calendar: WorkCalendar,
    hours: OfficeHours,
    commitment: Commitment,
    paused: Iterable[Pause] = (),
) -> Light:
    """亮灯督办: green under half the commitment used, yellow from half, red once past due."""
    now = _local(now)
    clock_started = clock_start(start, calendar, hours)
    # Only the part of each pause already behind us has been taken off the clock.
    elapsed_pauses = [
        (pause_start, now if pause_end is None else min(_local(pause_end), now)) for pause_start, pause_end in paused
    ]
    paused_time = paused_working_time(clock_started, elapsed_pauses, calendar, hours)
    used = working_time_between(clock_started, now, calendar, hours) - paused_time
    allowed = commitment.duration(hours)
    if used > allowed:
        return "red"
    # All used up: past due once the due moment (a closing, say 17:30) is behind us.
    if used == allowed and now > add_working_time(clock_started, allowed + paused_time, calendar, hours):
        return "red"
    return "yellow" if used * 2 >= allowed else "green"


def _working_time_on(
    day: date, lower: datetime | None, upper: datetime | None, calendar: WorkCalendar, hours: OfficeHours
) -> timedelta:
    """Working time on one day between lower and upper (None = the day's edge)."""
    if not calendar.is_workday(day):
        return _ZERO
    midnight = _midnight(day)
    total = _ZERO
    for opening, closing in hours.offsets:
        from_ = midnight + opening if lower is None else max(lower, midnight + opening)
        to = midnight + closing if upper is None else min(upper, midnight + closing)
        if to > from_:
            total += to - from_
    return total


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("时间必须带时区（如 +08:00），以免按服务器时区误算")
    return moment.astimezone(SHANGHAI)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def _since_midnight(moment: time) -> timedelta:
    return timedelta(hours=moment.hour, minutes=moment.minute, seconds=moment.second, microseconds=moment.microsecond)


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")
