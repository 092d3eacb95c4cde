"""Working days in mainland China: statutory holidays and make-up working days (调休)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import chinese_calendar

CalendarSource = Literal["entered", "package", "weekdays"]

# How far next_workday looks before deciding the calendar has no working day at all.
_MAX_REST_RUN = 3660


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule as an admin entered it."""

    holidays: frozenset[date]  # statutory rest days (法定节假日), on any day of the week
    workdays: frozenset[date]  # make-up working days (调休上班), always on a Saturday or Sunday


class WorkCalendar:
    """Decides whether a date is a working day: entered years, then chinesecalendar, then Mon–Fri."""

    def __init__(self, entered: Mapping[int, YearSchedule] | None = None, use_package: bool = True) -> None:
        self._entered = dict(entered or {})
        self._use_package = use_package
        # year -> (source, one flag per day of the year); the clock asks thousands of times.
        self._years: dict[int, tuple[CalendarSource, tuple[bool, ...]]] = {}
        # year -> running count: entry i is the number of working days before day i of the year.
        self._running: dict[int, tuple[int, ...]] = {}

    def is_workday(self, d: date) -> bool:
        """True if people work on this date (including make-up working days)."""
        return self._year(d.year)[1][d.toordinal() - _jan_first_ordinal(d.year)]

    def source_for_year(self, year: int) -> CalendarSource:
        """Where this year's answers come from."""
        return self._year(year)[0]

    def missing_years(self, years: Iterable[int]) -> list[int]:
        """The given years that fall back to Monday–Friday, sorted, so a clerk can be warned."""
        return sorted({year for year in years if self.source_for_year(year) == "weekdays"})

    def count_workdays(self, first: date, last: date) -> int:
        """Number of working days from first to last, both included (0 if last < first)."""
        total = 0
        for year in range(first.year, last.year + 1):
            running = self._running_count(year)
            low = first.toordinal() - _jan_first_ordinal(year) if year == first.year else 0
            high = last.toordinal() - _jan_first_ordinal(year) if year == last.year else len(running) - 2
            total += running[high + 1] - running[low]
        return max(total, 0)

    def next_workday(self, d: date) -> date:
        """The first working day strictly after d."""
        for step in range(1, _MAX_REST_RUN + 1):
            candidate = d + timedelta(days=step)
            if self.is_workday(candidate):
                return candidate
        raise ValueError(f"{d.isoformat()} 之后十年内没有工作日，请检查节假日设置")

    def _year(self, year: int) -> tuple[CalendarSource, tuple[bool, ...]]:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _running_count(self, year: int) -> tuple[int, ...]:
        running = self._running.get(year)
        if running is None:
            counts = [0]
            for flag in self._year(year)[1]:
                counts.append(counts[-1] + flag)
            running = self._running[year] = tuple(counts)
        return running

    def _build_year(self, year: int) -> tuple[CalendarSource, tuple[bool, ...]]:
        days = [date(year, 1, 1) + timedelta(days=i) for i in range(_days_in_year(year))]
        schedule = self._entered.get(year)
        if schedule is not None:
            flags = tuple(
                day in schedule.workdays or (day.weekday() < 5 and day not in schedule.holidays)
                for day in days
            )
            return "entered", flags
        if self._use_package:
            try:
                return "package", tuple(chinese_calendar.is_workday(day) for day in days)
            except NotImplementedError:
                pass  # the package's data ends before this year (or starts after it)
        return "weekdays", tuple(day.weekday() < 5 for day in days)


def parse_year_schedule(year: int, holidays: list[str], workdays: list[str]) -> YearSchedule:
    """Build a YearSchedule from 'YYYY-MM-DD' dates and 'YYYY-MM-DD..YYYY-MM-DD' ranges."""
    holiday_dates = _parse_dates(year, holidays, "节假日")
    workday_dates = _parse_dates(year, workdays, "调休上班日")
    weekday_workdays = sorted(d for d in workday_dates if d.weekday() < 5)
    if weekday_workdays:
        listed = "、".join(d.isoformat() for d in weekday_workdays)
        raise ValueError(f"调休上班日应为周六或周日，以下日期不是：{listed}")
    both = sorted(holiday_dates & workday_dates)
    if both:
        listed = "、".join(d.isoformat() for d in both)
        raise ValueError(f"以下日期不能既是节假日又是调休上班日：{listed}")
    return YearSchedule(holidays=frozenset(holiday_dates), workdays=frozenset(workday_dates))


def _parse_dates(year: int, entries: list[str], label: str) -> set[date]:
    dates: set[date] = set()
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        if ".." in text:
            first_text, _, last_text = text.partition("..")
            first, last = _parse_date(first_text, label), _parse_date(last_text, label)
            if last < first:
                raise ValueError(f"{label}“{text}”的结束日期早于开始日期，请调换顺序")
            span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        else:
            span = [_parse_date(text, label)]
        outside = [d for d in span if d.year != year]
        if outside:
            raise ValueError(f"{label}“{text}”不在{year}年内，请只填写{year}年的日期")
        dates.update(span)
    return dates


def _parse_date(text: str, label: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{label}“{text.strip()}”不是有效日期，请按 YYYY-MM-DD 格式填写，如 2027-01-01") from None


def _days_in_year(year: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 366 if leap else 365


def _jan_first_ordinal(year: int) -> int:
    return date(year, 1, 1).toordinal()
