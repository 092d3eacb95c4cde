from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.sla.calendar import WorkCalendar, parse_year_schedule
from app.sla.clock import (
    SHANGHAI,
    Commitment,
    OfficeHours,
    add_working_time,
    clock_start,
    due_at,
    light,
    paused_working_time,
    working_time_between,
)

HOURS = OfficeHours()
ONE_DAY = Commitment()
HALF_DAY = Commitment(0.5)
CALENDAR = WorkCalendar()
CALENDAR_2027 = WorkCalendar(
    {2027: parse_year_schedule(2027, ["2027-01-01..2027-01-03", "2027-02-06..2027-02-14"], ["2027-02-20"])}
)


def at(text: str) -> datetime:
    """A Beijing wall-clock time, e.g. at('2026-09-30 16:00')."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def due(text: str, commitment: Commitment = ONE_DAY, calendar: WorkCalendar = CALENDAR, **kwargs) -> datetime:
    return due_at(at(text), calendar, HOURS, commitment, **kwargs)


def test_default_office_hours_make_a_seven_hour_day():
    assert HOURS.periods == ((time(9), time(12)), (time(13, 30), time(17, 30)))
    assert HOURS.day_length == timedelta(hours=7)
    assert OfficeHours.parse("09:00-12:00,13:30-17:30") == HOURS
    assert str(HOURS) == "09:00-12:00,13:30-17:30"


def test_office_hours_accept_a_list_and_other_settings():
    hours = OfficeHours.parse(" 08:30-17:00 ")
    assert hours.day_length == timedelta(hours=8, minutes=30)
    assert OfficeHours([(time(9), time(12))]).periods == ((time(9), time(12)),)
    assert due_at(at("2026-09-29 16:00"), CALENDAR, hours, ONE_DAY) == at("2026-09-30 16:00")


@pytest.mark.parametrize("setting", ["", "09:00", "9-12", "12:00-09:00", "09:00-12:00,11:00-13:00", "13:30-17:30,09:00-12:00"])
def test_office_hours_reject_bad_settings(setting):
    with pytest.raises(ValueError):
        OfficeHours.parse(setting)


def test_commitment_must_be_positive():
    assert HALF_DAY.duration(HOURS) == timedelta(hours=3, minutes=30)
    with pytest.raises(ValueError):
        Commitment(0)


def test_national_day_block_is_skipped():
    assert due("2026-09-30 16:00") == at("2026-10-08 16:00")


def test_make_up_saturday_counts():
    assert due("2026-10-09 16:00") == at("2026-10-10 16:00")


# (last working day before the block, first working day after it)
AROUND_HOLIDAYS_2026 = [
    ("2025-12-31", "2026-01-04"),  # 元旦; 01-04 is a make-up Sunday
    ("2026-02-14", "2026-02-24"),  # 春节; 02-14 is a make-up Saturday
    ("2026-04-03", "2026-04-07"),  # 清明
    ("2026-04-30", "2026-05-06"),  # 劳动节
    ("2026-06-18", "2026-06-22"),  # 端午
    ("2026-09-24", "2026-09-28"),  # 中秋
    ("2026-09-30", "2026-10-08"),  # 国庆
]


@pytest.mark.parametrize(("before", "after"), AROUND_HOLIDAYS_2026)
def test_every_2026_holiday_block_stops_the_clock(before, after):
    assert due(f"{before} 16:00") == at(f"{after} 16:00")
    # submitted during the block: the clock starts at the first opening after it
    holiday = date.fromisoformat(before) + timedelta(days=1)
    while CALENDAR.is_workday(holiday):
        holiday += timedelta(days=1)
    assert due(f"{holiday} 10:00") == at(f"{after} 17:30")


# (make-up day, the working day before it)
MAKE_UP_2026 = [
    ("2026-01-04", "2025-12-31"),
    ("2026-02-14", "2026-02-13"),
    ("2026-02-28", "2026-02-27"),
    ("2026-05-09", "2026-05-08"),
    ("2026-09-20", "2026-09-18"),
    ("2026-10-10", "2026-10-09"),
]


@pytest.mark.parametrize(("make_up", "before"), MAKE_UP_2026)
def test_every_2026_make_up_day_runs_the_clock(make_up, before):
    assert due(f"{before} 16:00") == at(f"{make_up} 16:00")
    assert due(f"{make_up} 09:00") == at(f"{make_up} 17:30")


def test_night_submission_counts_from_next_opening():
    assert clock_start(at("2026-09-29 22:00"), CALENDAR, HOURS) == at("2026-09-30 09:00")
    assert due("2026-09-29 22:00") == at("2026-09-30 17:30")
    assert due("2026-09-30 06:00") == at("2026-09-30 17:30")


def test_lunch_break_is_not_counted():
    assert clock_start(at("2026-09-29 12:30"), CALENDAR, HOURS) == at("2026-09-29 13:30")
    # the working time runs out at the morning closing, not after lunch
    assert due("2026-09-29 12:30") == at("2026-09-30 12:00")
    assert due("2026-09-29 11:00") == at("2026-09-30 11:00")
    assert working_time_between(at("2026-09-29 11:00"), at("2026-09-29 14:00"), CALENDAR, HOURS) == timedelta(hours=1, minutes=30)


def test_weekend_submission_counts_from_monday():
    assert clock_start(at("2026-09-12 10:00"), CALENDAR, HOURS) == at("2026-09-14 09:00")
    assert due("2026-09-12 10:00") == at("2026-09-14 17:30")
    assert due("2026-09-11 16:00") == at("2026-09-14 16:00")


def test_submission_exactly_at_opening_and_closing():
    assert clock_start(at("2026-09-15 09:00"), CALENDAR, HOURS) == at("2026-09-15 09:00")
    assert due("2026-09-15 09:00") == at("2026-09-15 17:30")
    assert due("2026-09-15 13:30") == at("2026-09-16 12:00")
    assert clock_start(at("2026-09-15 12:00"), CALENDAR, HOURS) == at("2026-09-15 13:30")
    assert due("2026-09-15 12:00") == at("2026-09-16 12:00")
    assert clock_start(at("2026-09-15 17:30"), CALENDAR, HOURS) == at("2026-09-16 09:00")
    assert due("2026-09-15 17:30") == at("2026-09-16 17:30")
    assert due("2026-09-15 17:29:59") == at("2026-09-16 17:29:59")


def test_half_day_commitment():
    assert due("2026-09-15 09:00", HALF_DAY) == at("2026-09-15 14:00")
    assert due("2026-09-15 16:00", HALF_DAY) == at("2026-09-16 11:00")
    assert due("2026-09-30 16:00", HALF_DAY) == at("2026-10-08 11:00")
    assert due("2026-09-15 09:00", Commitment(2)) == at("2026-09-16 17:30")


def test_entered_2027_schedule_changes_due_times():
    assert due("2026-12-31 16:00", calendar=CALENDAR_2027) == at("2027-01-04 16:00")
    assert due("2027-02-05 16:00", calendar=CALENDAR_2027) == at("2027-02-15 16:00")
    assert due("2027-02-19 16:00", calendar=CALENDAR_2027) == at("2027-02-20 16:00")


def test_missing_2027_falls_back_to_the_statutory_holidays_without_crashing():
    assert CALENDAR.missing_years([2026, 2027]) == [2027]
    assert due("2026-12-31 10:00") == at("2027-01-04 10:00")  # not 元旦, Friday 1 January
    assert due("2026-12-31 16:00") == at("2027-01-04 16:00")
    # Thursday 4 February 16:00: 除夕 (Friday) to 初三 (Monday) are holidays by law, and 初一 and 初二 on the
    # weekend are made up on Tuesday and Wednesday (补假, 第六条).
    assert due("2027-02-04 16:00") == at("2027-02-11 16:00")
    assert due("2027-02-05 16:00") == at("2027-02-11 17:30")  # submitted on 除夕: the clock starts on the 11th
    assert due("2027-02-19 16:00") == at("2027-02-22 16:00")


def test_any_zone_in_shanghai_out():
    submitted = datetime(2026, 9, 30, 8, 0, tzinfo=UTC)
    result = due_at(submitted, CALENDAR, HOURS, ONE_DAY)
    assert result == at("2026-10-08 16:00")
    assert result.tzinfo is SHANGHAI
    assert result.hour == 16


def test_naive_datetimes_are_refused():
    naive = datetime(2026, 9, 30, 16, 0)
    aware = at("2026-09-30 16:00")
    with pytest.raises(ValueError, match="时区"):
        due_at(naive, CALENDAR, HOURS, ONE_DAY)
    with pytest.raises(ValueError):
        clock_start(naive, CALENDAR, HOURS)
    with pytest.raises(ValueError):
        add_working_time(naive, timedelta(hours=1), CALENDAR, HOURS)
    with pytest.raises(ValueError):
        working_time_between(aware, naive, CALENDAR, HOURS)
    with pytest.raises(ValueError):
        light(aware, naive, CALENDAR, HOURS, ONE_DAY)
    with pytest.raises(ValueError):
        due_at(aware, CALENDAR, HOURS, ONE_DAY, paused=[(naive, None)], now=aware)


def test_add_working_time_lands_on_closing_not_next_opening():
    assert add_working_time(at("2026-09-15 09:00"), timedelta(hours=3), CALENDAR, HOURS) == at("2026-09-15 12:00")
    assert add_working_time(at("2026-09-15 09:00"), timedelta(0), CALENDAR, HOURS) == at("2026-09-15 09:00")
    assert add_working_time(at("2026-09-15 12:00"), timedelta(0), CALENDAR, HOURS) == at("2026-09-15 13:30")
    # 20 working days of September 2026: the 25th is Mid-Autumn, Sunday the 20th a make-up day
    assert add_working_time(at("2026-09-01 09:00"), timedelta(hours=7 * 20), CALENDAR, HOURS) == at("2026-09-28 17:30")
    with pytest.raises(ValueError):
        add_working_time(at("2026-09-15 09:00"), timedelta(hours=-1), CALENDAR, HOURS)


def test_working_time_between_over_holidays_and_years():
    assert working_time_between(at("2026-09-30 16:00"), at("2026-10-08 16:00"), CALENDAR, HOURS) == timedelta(hours=7)
    # October 2026 has 18 working days
    assert working_time_between(at("2026-10-01 00:00"), at("2026-11-01 00:00"), CALENDAR, HOURS) == timedelta(hours=7 * 18)
    assert working_time_between(at("2026-10-08 16:00"), at("2026-09-30 16:00"), CALENDAR, HOURS) == timedelta(hours=-7)
    # Across the year: 31 December works, 元旦 2027 (by law, the year not yet entered) does not.
    assert working_time_between(at("2026-12-31 09:00"), at("2027-01-01 17:30"), CALENDAR, HOURS) == timedelta(hours=7)
    assert working_time_between(at("2026-12-31 09:00"), at("2027-01-04 17:30"), CALENDAR, HOURS) == timedelta(hours=14)


def test_pause_moves_due_time_by_working_time_inside_it():
    # 10:00–14:00 covers 2 h before lunch and 30 min after it
    pause = (at("2026-09-15 10:00"), at("2026-09-15 14:00"))
    assert due("2026-09-15 09:00", paused=[pause]) == at("2026-09-16 11:30")
    # a pause over a weekend only costs its working hours
    weekend_pause = (at("2026-09-18 17:00"), at("2026-09-21 10:00"))
    assert due("2026-09-18 09:00", paused=[weekend_pause]) == at("2026-09-21 10:30")


def test_overlapping_pauses_count_once_and_pauses_before_submission_do_not_count():
    overlapping = [
        (at("2026-09-15 10:00"), at("2026-09-15 11:00")),
        (at("2026-09-15 10:30"), at("2026-09-15 11:30")),
    ]
    assert due("2026-09-15 09:00", paused=overlapping) == at("2026-09-16 10:30")
    earlier = [(at("2026-09-14 10:00"), at("2026-09-15 10:00"))]
    assert due("2026-09-15 09:00", paused=earlier) == at("2026-09-16 10:00")
    assert paused_working_time(at("2026-09-15 09:00"), earlier, CALENDAR, HOURS) == timedelta(hours=1)


def test_open_pause_counts_up_to_now_or_is_ignored_without_now():
    open_pause = [(at("2026-09-15 10:00"), None)]
    assert due("2026-09-15 09:00", paused=open_pause) == at("2026-09-15 17:30")
    assert due("2026-09-15 09:00", paused=open_pause, now=at("2026-09-15 11:00")) == at("2026-09-16 10:00")
    assert due("2026-09-15 09:00", paused=open_pause, now=at("2026-09-16 11:00")) == at("2026-09-17 10:00")
    assert due("2026-09-15 09:00", paused=open_pause, now=at("2026-09-15 09:30")) == at("2026-09-15 17:30")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-09-15 09:00", "green"),
        ("2026-09-15 13:30", "green"),  # 3 h of 7 used
        ("2026-09-15 13:59", "green"),
        ("2026-09-15 14:00", "yellow"),  # half used
        ("2026-09-15 17:30", "yellow"),  # exactly due
        ("2026-09-15 17:31", "red"),
        ("2026-09-16 09:00", "red"),
    ],
)
def test_light_by_share_of_commitment_used(now, expected):
    assert light(at("2026-09-15 09:00"), at(now), CALENDAR, HOURS, ONE_DAY) == expected


def test_light_for_a_night_submission_and_half_day():
    assert light(at("2026-09-14 22:00"), at("2026-09-15 08:00"), CALENDAR, HOURS, ONE_DAY) == "green"
    assert light(at("2026-09-15 09:00"), at("2026-09-15 10:45"), CALENDAR, HOURS, HALF_DAY) == "yellow"
    assert light(at("2026-09-15 09:00"), at("2026-09-15 14:01"), CALENDAR, HOURS, HALF_DAY) == "red"


def test_light_holds_still_while_paused():
    paused = [(at("2026-09-15 10:00"), None)]
    assert light(at("2026-09-15 09:00"), at("2026-09-16 16:00"), CALENDAR, HOURS, ONE_DAY, paused) == "green"
    resumed = [(at("2026-09-15 10:00"), at("2026-09-16 09:00"))]
    assert light(at("2026-09-15 09:00"), at("2026-09-16 12:00"), CALENDAR, HOURS, ONE_DAY, resumed) == "yellow"
    assert light(at("2026-09-15 09:00"), at("2026-09-17 09:00"), CALENDAR, HOURS, ONE_DAY, resumed) == "red"
