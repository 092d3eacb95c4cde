from datetime import date, timedelta

import chinese_calendar
import pytest

from app.sla.calendar import WorkCalendar, YearSchedule, parse_year_schedule

HOLIDAY_BLOCKS_2026 = {
    "元旦 New Year": (date(2026, 1, 1), date(2026, 1, 3)),
    "春节 Spring Festival": (date(2026, 2, 15), date(2026, 2, 23)),
    "清明 Qingming": (date(2026, 4, 4), date(2026, 4, 6)),
    "劳动节 Labour Day": (date(2026, 5, 1), date(2026, 5, 5)),
    "端午 Dragon Boat": (date(2026, 6, 19), date(2026, 6, 21)),
    "中秋 Mid-Autumn": (date(2026, 9, 25), date(2026, 9, 27)),
    "国庆 National Day": (date(2026, 10, 1), date(2026, 10, 7)),
}
MAKE_UP_DAYS_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]

SCHEDULE_2027 = parse_year_schedule(
    2027, holidays=["2027-01-01..2027-01-03", "2027-02-06..2027-02-14"], workdays=["2027-02-20"]
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.parametrize("name", HOLIDAY_BLOCKS_2026)
def test_every_2026_holiday_block_is_rest_and_agrees_with_chinesecalendar(name):
    first, last = HOLIDAY_BLOCKS_2026[name]
    calendar = WorkCalendar()
    for day in _days(first, last):
        assert chinese_calendar.is_holiday(day), day
        assert not calendar.is_workday(day), day
    # the block is a whole block: working days on both sides
    assert calendar.is_workday(calendar.next_workday(last))
    assert calendar.next_workday(first - timedelta(days=1)) > last


def test_2026_holidays_listed_here_are_all_of_chinesecalendars():
    listed = {day for first, last in HOLIDAY_BLOCKS_2026.values() for day in _days(first, last)}
    package = {day for day in _days(date(2026, 1, 1), date(2026, 12, 31)) if chinese_calendar.is_holiday(day) and day.weekday() < 5}
    assert package <= listed


@pytest.mark.parametrize("day", MAKE_UP_DAYS_2026, ids=str)
def test_every_2026_make_up_day_is_a_working_weekend_day(day):
    assert day.weekday() >= 5
    assert chinese_calendar.is_workday(day)
    assert WorkCalendar().is_workday(day)


def test_2026_agrees_with_chinesecalendar_every_day():
    calendar = WorkCalendar()
    for day in _days(date(2026, 1, 1), date(2026, 12, 31)):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day


def test_make_up_days_of_2026_are_exactly_the_working_weekend_days():
    calendar = WorkCalendar()
    working_weekend = [d for d in _days(date(2026, 1, 1), date(2026, 12, 31)) if d.weekday() >= 5 and calendar.is_workday(d)]
    assert working_weekend == MAKE_UP_DAYS_2026


def test_sources():
    calendar = WorkCalendar({2027: SCHEDULE_2027})
    assert calendar.source_for_year(2026) == "package"
    assert calendar.source_for_year(2027) == "entered"
    assert calendar.source_for_year(2028) == "statutory"  # the law's holidays plus weekends
    assert WorkCalendar().source_for_year(2027) == "statutory"
    assert WorkCalendar(use_package=False).source_for_year(2026) == "statutory"
    assert WorkCalendar(use_package=False, use_statutory=False).source_for_year(2026) == "weekdays"
    # Outside the law's tables (before the 2024 amendment, past lunardate's last year): Monday–Friday.
    assert WorkCalendar().source_for_year(2003) == "weekdays"
    assert WorkCalendar().source_for_year(2100) == "weekdays"
    assert [WorkCalendar().is_official(year) for year in (2026, 2027)] == [True, False]


def test_missing_years_reports_years_without_an_official_schedule():
    assert WorkCalendar().missing_years([2027, 2026, 2025, 2027]) == [2027]
    assert WorkCalendar({2027: SCHEDULE_2027}).missing_years([2026, 2027, 2028]) == [2028]
    assert WorkCalendar().missing_years([2100, 2026]) == [2100]


def test_missing_year_falls_back_to_the_statutory_holidays_and_weekends():
    calendar = WorkCalendar()
    assert not calendar.is_workday(date(2027, 1, 2))  # Saturday
    assert not calendar.is_workday(date(2027, 1, 1))  # Friday, but 元旦 by law
    assert not calendar.is_workday(date(2027, 2, 5))  # 除夕, a Friday
    assert not calendar.is_workday(date(2027, 2, 8))  # 正月初三, a Monday
    # 初一 and 初二 fall on Saturday and Sunday: 第六条's 补假 makes up each on the next working day.
    assert not calendar.is_workday(date(2027, 2, 9)) and not calendar.is_workday(date(2027, 2, 10))
    assert calendar.is_workday(date(2027, 2, 11))  # the law's days end here; the notice may add more
    assert not calendar.is_workday(date(2027, 4, 5))  # 清明, a Monday
    # 劳动节 is 1–2 May, a weekend in 2027: made up on Monday 3 and Tuesday 4 May.
    assert not calendar.is_workday(date(2027, 5, 3)) and not calendar.is_workday(date(2027, 5, 4))
    assert calendar.is_workday(date(2027, 5, 5))
    assert not calendar.is_workday(date(2027, 6, 9))  # 端午, a Wednesday
    assert not calendar.is_workday(date(2027, 9, 15))  # 中秋, a Wednesday
    assert not calendar.is_workday(date(2027, 10, 1))  # 国庆, a Friday
    # 国庆 2 and 3 October are a weekend: made up on Monday 4 and Tuesday 5 October.
    assert not calendar.is_workday(date(2027, 10, 4)) and not calendar.is_workday(date(2027, 10, 5))
    assert calendar.is_workday(date(2027, 10, 6))
    assert not any(WorkCalendar().is_workday(day) for day in _days(date(2027, 2, 6), date(2027, 2, 7)))


def test_a_year_outside_the_law_tables_falls_back_to_monday_to_friday():
    calendar = WorkCalendar()
    assert calendar.is_workday(date(2100, 1, 1))  # Friday; no table for lunar 2100, no rule applied
    assert not calendar.is_workday(date(2100, 1, 2))


def test_provisional_while_a_year_in_the_span_has_no_official_schedule():
    calendar = WorkCalendar()
    assert calendar.is_provisional(date(2026, 12, 31), date(2027, 1, 4))
    assert calendar.is_provisional(date(2027, 1, 4), date(2026, 12, 31))  # either order
    assert calendar.is_provisional(date(2026, 3, 1), date(2028, 1, 3))  # 2027 lies between
    assert not calendar.is_provisional(date(2026, 3, 1), date(2026, 3, 2))
    assert not WorkCalendar({2027: SCHEDULE_2027}).is_provisional(date(2026, 12, 31), date(2027, 1, 4))


def test_entered_year_applies_holidays_and_make_up_days():
    calendar = WorkCalendar({2027: SCHEDULE_2027})
    assert not calendar.is_workday(date(2027, 1, 1))
    assert not calendar.is_workday(date(2027, 2, 10))
    assert calendar.is_workday(date(2027, 2, 20))  # a Saturday make-up day
    assert not calendar.is_workday(date(2027, 2, 21))  # an ordinary Sunday
    assert calendar.is_workday(date(2027, 2, 15))


def test_entered_year_overrides_the_package():
    schedule = YearSchedule(holidays=frozenset({date(2026, 10, 8)}), workdays=frozenset())
    calendar = WorkCalendar({2026: schedule})
    assert calendar.source_for_year(2026) == "entered"
    assert not calendar.is_workday(date(2026, 10, 8))
    assert calendar.is_workday(date(2026, 10, 1))  # the entered year replaces the package's whole year


def test_next_workday():
    calendar = WorkCalendar()
    assert calendar.next_workday(date(2026, 9, 30)) == date(2026, 10, 8)
    assert calendar.next_workday(date(2026, 10, 9)) == date(2026, 10, 10)
    assert calendar.next_workday(date(2026, 12, 31)) == date(2027, 1, 4)  # 元旦, then a weekend


def test_next_workday_refuses_a_calendar_without_working_days():
    all_rest = {year: YearSchedule(holidays=frozenset(_all_days(year)), workdays=frozenset()) for year in range(2030, 2042)}
    with pytest.raises(ValueError, match="没有工作日"):
        WorkCalendar(all_rest).next_workday(date(2029, 12, 31))


def _all_days(year: int) -> list[date]:
    return _days(date(year, 1, 1), date(year, 12, 31))


def test_count_workdays_matches_day_by_day_count_across_years():
    calendar = WorkCalendar({2027: SCHEDULE_2027})
    first, last = date(2025, 11, 17), date(2027, 3, 3)
    assert calendar.count_workdays(first, last) == sum(calendar.is_workday(d) for d in _days(first, last))
    assert calendar.count_workdays(date(2026, 10, 1), date(2026, 10, 31)) == len(
        chinese_calendar.get_workdays(date(2026, 10, 1), date(2026, 10, 31))
    )
    assert calendar.count_workdays(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert calendar.count_workdays(date(2026, 10, 9), date(2026, 10, 8)) == 0


def test_parse_year_schedule_reads_dates_and_ranges():
    schedule = parse_year_schedule(2027, [" 2027-01-01 ", "2027-02-06..2027-02-08", ""], ["2027-01-30"])
    assert schedule.holidays == frozenset(
        {date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)}
    )
    assert schedule.workdays == frozenset({date(2027, 1, 30)})


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        (["2027-01-01"], ["2027-01-04"], "周六或周日"),  # a Monday cannot be a make-up day
        (["2026-12-31"], [], "不在2027年内"),
        (["2027-12-30..2028-01-02"], [], "不在2027年内"),
        (["2027-02-20"], ["2027-02-20"], "既是节假日又是调休上班日"),
        (["2027/01/01"], [], "YYYY-MM-DD"),
        (["2027-02-30"], [], "不是有效日期"),
        (["2027-02-08..2027-02-06"], [], "结束日期早于开始日期"),
    ],
)
def test_parse_year_schedule_rejects_mistakes_in_plain_chinese(holidays, workdays, message):
    with pytest.raises(ValueError, match=message):
        parse_year_schedule(2027, holidays, workdays)
