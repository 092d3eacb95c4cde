"""Working days in mainland China: statutory holidays and make-up working days (调休).

A year's answers come, in this order, from the schedule the centre entered (the State Council's
yearly notice), from the chinesecalendar package's copy of those notices, and otherwise from the
holidays the law itself fixes (全国年节及纪念日放假办法 第二条, app.sla.statutory) plus weekends —
a provisional calendar, since the notice's extra rest days and make-up working days are unknown —
and, for a year outside the law's tables, from Monday–Friday alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import chinese_calendar

from app.sla import statutory

CalendarSource = Literal["entered", "package", "statutory", "weekdays"]
# Sources that are the year's official schedule; a due time counted over any other year is provisional.
OFFICIAL_SOURCES: frozenset[CalendarSource] = frozenset({"entered", "package"})

# How far next_workday looks before deciding the calendar has no working day at all.
_MAX_REST_RUN = 3660


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule as an admin entered it."""

    holidays: frozenset[date]  # statutory rest days (法定节假日), on any day of the week
    workdays: frozenset[date]  # make-up working days (调休上班), always on a Saturday or Sunday


class WorkCalendar:
    """Decides whether a date is a working day: entered years, then chinesecalendar, then the
    statutory holidays plus weekends, then Mon–Fri."""

    def __init__(self, entered: Mapping[int, YearSchedule] | None = None, use_package: bool = True,
                 use_statutory: bool = True) -> None:
        self._entered = dict(entered or {})
        self._use_package = use_package
        self._use_statutory = use_statutory
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

    def is_official(self, year: int) -> bool:
        """True if this year's working days are its official schedule (entered, or in the package)."""
        return self.source_for_year(year) in OFFICIAL_SOURCES

    def missing_years(self, years: Iterable[int]) -> list[int]:
        """The given years with no official schedule (counted by the law's holidays or Mon–Fri), sorted,
        so a clerk can be warned."""
        return sorted({year for year in years if not self.is_official(year)})

    def is_provisional(self, first: date, last: date) -> bool:
        """True if any year from first to last (either order) has no official schedule: a due time
        counted over such a year is an estimate (预计，以当年国务院放假安排为准)."""
        low, high = sorted((first.year, last.year))
        return any(not self.is_official(year) for year in range(low, high + 1))

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
        if self._use_statutory and statutory.covers(year):
            # 全国年节及纪念日放假办法 第二条: the 13 days the law names, on whatever weekday, and 第六条's
            # 补假 for those on a weekend; no 调休 known.
            rest = statutory.rest_dates(year)
            return "statutory", tuple(day.weekday() < 5 and day not in rest for day in days)
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
