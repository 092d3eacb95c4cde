"""The fallback for years nobody entered: the law's statutory holidays plus weekends.

全国年节及纪念日放假办法 (as amended by 国务院令第795号, in force from 2025-01-01) 第二条: 元旦 1 day,
春节 4 days (除夕, 正月初一至初三), 清明 1, 劳动节 2 (5月1日、2日), 端午 1, 中秋 1, 国庆 3 (10月1日至3日).
The lunar dates are checked against lunardate directly and against the official schedules
chinesecalendar holds; the fallback is compared with those schedules wherever both exist.
"""

from collections import Counter
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunardate import LunarDate

from app.sla import statutory
from app.sla.calendar import WorkCalendar, parse_year_schedule
from app.sla.clock import Commitment, OfficeHours, due_at
from app.timefmt import SHANGHAI

LAW = {"元旦": 1, "春节": 4, "清明节": 1, "劳动节": 2, "端午节": 1, "中秋节": 1, "国庆节": 3}
FALLBACK_YEARS = st.integers(min_value=statutory.FIRST_YEAR, max_value=statutory.LAST_YEAR)
FALLBACK = WorkCalendar(use_package=False)  # every year in the law's range by the rule alone


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


PACKAGE_YEARS = [year for year in range(2004, 2101) if _package_knows(year)]
# Years under the amended law the package has the official schedule for (2025 and 2026 on this machine).
PACKAGE_YEARS_UNDER_THE_LAW = [year for year in PACKAGE_YEARS if statutory.covers(year)]
FIRST_UNKNOWN_YEAR = next(year for year in range(2025, 2100) if not _package_knows(year))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _days(year: int) -> list[date]:
    return [date(year, 1, 1) + timedelta(days=i) for i in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)]


def _lunar(day: date) -> tuple[int, int, bool]:
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    return lunar.month, lunar.day, lunar.is_leap_month


def _dates_the_law_names(year: int) -> set[date]:
    """Every date 第二条 could mean in `year`, worked out from lunardate without the module under test."""
    named = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), *(date(year, 10, d) for d in (1, 2, 3))}
    for day in _days(year):
        month, day_of_month, leap = _lunar(day)
        following = _lunar(day + timedelta(days=1))
        if following[:2] == (1, 1) and not following[2]:  # 除夕: the day before 正月初一
            named.add(day)
        if not leap and (month, day_of_month) in {(1, 1), (1, 2), (1, 3), (5, 5), (8, 15)}:
            named.add(day)
    named.update(day for day, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
                 if name == "清明")
    return named


# --- the example from the issue -------------------------------------------------------------------

def test_a_form_submitted_on_new_years_eve_2026_is_due_after_new_years_day_2027():
    submitted = at("2026-12-31 10:00")
    # 元旦 2027 is a Friday: by law a holiday, then the weekend; due Monday 4 January at 10:00.
    assert due_at(submitted, FALLBACK, OfficeHours(), Commitment()) == at("2027-01-04 10:00")
    assert FALLBACK.source_for_year(2027) == "statutory" and FALLBACK.is_provisional(date(2026, 12, 31), date(2027, 1, 4))
    calendar = WorkCalendar()  # the deployment's order: entered, then the package, then the law
    assert due_at(submitted, calendar, OfficeHours(), Commitment()) == at("2027-01-04 10:00")
    assert calendar.is_provisional(date(2026, 12, 31), date(2027, 1, 4)) is not _package_knows(2027)


def test_the_first_year_the_package_does_not_know_is_the_laws_and_provisional():
    year = FIRST_UNKNOWN_YEAR
    calendar = WorkCalendar()
    assert calendar.source_for_year(year) == "statutory"
    assert not calendar.is_workday(date(year, 1, 1)) and not calendar.is_workday(date(year, 10, 1))
    assert calendar.missing_years([year - 1, year]) == [year]


def test_an_entered_year_replaces_the_law_and_is_not_provisional():
    calendar = WorkCalendar({2027: parse_year_schedule(2027, ["2027-01-01..2027-01-03"], [])})
    assert calendar.source_for_year(2027) == "entered"
    assert not calendar.is_provisional(date(2026, 12, 31), date(2027, 1, 4))
    assert calendar.is_workday(date(2027, 2, 5))  # the entered schedule is the whole truth for 2027


def test_the_2027_statutory_holidays():
    assert [(h.day.isoformat(), h.festival) for h in statutory.statutory_holidays(2027)] == [
        ("2027-01-01", "元旦"),
        ("2027-02-05", "春节"), ("2027-02-06", "春节"), ("2027-02-07", "春节"), ("2027-02-08", "春节"),
        ("2027-04-05", "清明节"),
        ("2027-05-01", "劳动节"), ("2027-05-02", "劳动节"),
        ("2027-06-09", "端午节"),
        ("2027-09-15", "中秋节"),
        ("2027-10-01", "国庆节"), ("2027-10-02", "国庆节"), ("2027-10-03", "国庆节"),
    ]


def test_new_years_eve_is_the_29th_of_the_twelfth_month_when_that_month_is_short():
    # Lunar 2024's 腊月 had 29 days: 除夕 2025 was 28 January (腊月廿九), as the official schedule has it.
    spring = [h.day for h in statutory.statutory_holidays(2025) if h.festival == "春节"]
    assert spring[0] == date(2025, 1, 28) and _lunar(date(2025, 1, 28)) == (12, 29, False)
    assert not chinese_calendar.is_workday(date(2025, 1, 28))
    short_years = [y for y in range(2025, 2100) if _lunar(statutory.lunar_new_year(y) - timedelta(days=1))[1] == 29]
    assert short_years, "some years in range have a 29-day 腊月"
    for year in short_years:
        assert statutory.statutory_holidays(year)[1].day == statutory.lunar_new_year(year) - timedelta(days=1)


def test_mid_autumn_on_national_day_is_13_holiday_days_on_12_dates():
    # 2028: 中秋 is 3 October. The law names both; the State Council's notice will say how the day is given.
    holidays = statutory.statutory_holidays(2028)
    assert len(holidays) == 13 and len(statutory.statutory_dates(2028)) == 12
    assert statutory.StatutoryHoliday(date(2028, 10, 3), "中秋节") in holidays


def test_outside_the_laws_tables_the_rule_says_so():
    for year in (2024, 2100):
        assert not statutory.covers(year)
        with pytest.raises(ValueError, match="不在法定节假日推算范围"):
            statutory.statutory_holidays(year)


# --- properties over every fallback year --------------------------------------------------------

@settings(max_examples=75, deadline=None)
@given(FALLBACK_YEARS)
def test_every_fallback_year_has_the_13_days_the_law_gives(year):
    holidays = statutory.statutory_holidays(year)
    assert len(holidays) == 13 == sum(LAW.values())
    assert Counter(h.festival for h in holidays) == LAW
    assert all(h.day.year == year for h in holidays)


@settings(max_examples=75, deadline=None)
@given(FALLBACK_YEARS)
def test_no_fallback_holiday_is_on_a_date_the_law_does_not_name(year):
    assert statutory.statutory_dates(year) <= _dates_the_law_names(year)


@settings(max_examples=75, deadline=None)
@given(FALLBACK_YEARS)
def test_each_festival_is_on_its_own_date(year):
    by_festival: dict[str, list[date]] = {}
    for holiday in statutory.statutory_holidays(year):
        by_festival.setdefault(holiday.festival, []).append(holiday.day)
    assert by_festival["元旦"] == [date(year, 1, 1)]
    assert by_festival["劳动节"] == [date(year, 5, 1), date(year, 5, 2)]
    assert by_festival["国庆节"] == [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]
    assert [_lunar(day) for day in by_festival["端午节"]] == [(5, 5, False)]
    assert [_lunar(day) for day in by_festival["中秋节"]] == [(8, 15, False)]
    qingming, = by_festival["清明节"]
    assert date(year, 4, 4) <= qingming <= date(year, 4, 6)


@settings(max_examples=75, deadline=None)
@given(FALLBACK_YEARS)
def test_spring_festival_starts_on_new_years_eve_by_the_lunar_library(year):
    spring = [h.day for h in statutory.statutory_holidays(year) if h.festival == "春节"]
    new_year = LunarDate(year, 1, 1).to_solar_date()  # 正月初一 by lunardate
    assert spring == [new_year + timedelta(days=offset) for offset in (-1, 0, 1, 2)]
    eve_month, eve_day, _ = _lunar(spring[0])
    assert eve_month == 12 and eve_day in (29, 30)  # 除夕: the last day of 腊月, 廿九 or 三十
    assert [_lunar(day)[:2] for day in spring[1:]] == [(1, 1), (1, 2), (1, 3)]


@settings(max_examples=40, deadline=None)
@given(FALLBACK_YEARS)
def test_a_fallback_year_rests_exactly_on_weekends_the_statutory_holidays_and_their_make_up_days(year):
    assert FALLBACK.source_for_year(year) == "statutory"
    rest = statutory.statutory_dates(year) | set(statutory.make_up_days(year))
    for day in _days(year):
        assert FALLBACK.is_workday(day) == (day.weekday() < 5 and day not in rest), day


@settings(max_examples=75, deadline=None)
@given(FALLBACK_YEARS)
def test_each_holiday_on_a_weekend_is_made_up_on_the_next_free_working_day(year):
    # 第六条: 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假.
    holidays = statutory.statutory_dates(year)
    on_weekends = sorted(day for day in holidays if day.weekday() >= 5)
    made_up = statutory.make_up_days(year)
    assert len(made_up) == len(set(made_up)) == len(on_weekends)
    for holiday, day in zip(on_weekends, made_up, strict=True):
        assert day > holiday and day.weekday() < 5 and day not in holidays
        between = [holiday + timedelta(days=i) for i in range(1, (day - holiday).days)]
        assert all(d.weekday() >= 5 or d in holidays or d in made_up for d in between)


def test_new_years_day_2028_on_a_saturday_is_made_up_on_monday_3_january():
    assert date(2028, 1, 1).weekday() == 5
    assert date(2028, 1, 3) in statutory.make_up_days(2028)
    assert not FALLBACK.is_workday(date(2028, 1, 3)) and FALLBACK.is_workday(date(2028, 1, 4))


@pytest.mark.parametrize("year", PACKAGE_YEARS_UNDER_THE_LAW)
def test_every_make_up_day_is_a_rest_day_in_the_official_schedule(year):
    assert statutory.make_up_days(year)  # 2025: 端午 on a Saturday; 2026: 清明, 劳动节 and 国庆 on weekends
    assert all(not chinese_calendar.is_workday(day) for day in statutory.make_up_days(year))


# --- against the official schedules the package holds ------------------------------------------

@pytest.mark.parametrize("year", PACKAGE_YEARS_UNDER_THE_LAW)
def test_every_statutory_holiday_is_a_rest_day_in_the_official_schedule(year):
    official_rest = {day for day in _days(year) if not chinese_calendar.is_workday(day)}
    assert statutory.statutory_dates(year) <= official_rest
    # The notice gives more (joined rest days) and takes weekends back (调休); the fallback knows neither.
    fallback_rest = {day for day in _days(year) if not FALLBACK.is_workday(day)}
    assert fallback_rest - official_rest == {
        day for day in _days(year) if chinese_calendar.is_workday(day) and day.weekday() >= 5}


def test_there_are_official_years_under_the_amended_law_to_compare_with():
    assert PACKAGE_YEARS_UNDER_THE_LAW[:2] == [2025, 2026]


@pytest.mark.parametrize("year", [y for y in PACKAGE_YEARS if y >= 2008])
def test_the_lunar_and_solar_term_dates_are_holidays_in_every_official_year_since_2008(year):
    # Unchanged since the 2007 version: 元旦, 正月初一、初二, 清明, 5月1日, 端午, 中秋, 国庆 1–3.
    new_year = statutory.lunar_new_year(year)
    dates = [date(year, 1, 1), new_year, new_year + timedelta(days=1), statutory.qingming(year), date(year, 5, 1),
             LunarDate(year, 5, 5).to_solar_date(), LunarDate(year, 8, 15).to_solar_date(),
             date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]
    assert [day for day in dates if chinese_calendar.is_workday(day)] == []
