from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.sla.calendar import WorkCalendar
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
CALENDAR = WorkCalendar()
MINUTE = timedelta(minutes=1)

moments = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 1, 31), timezones=st.sampled_from([SHANGHAI, UTC])
)
minute_moments = st.integers(min_value=0, max_value=400 * 24 * 60).map(
    lambda minutes: datetime(2025, 12, 1, tzinfo=SHANGHAI) + timedelta(minutes=minutes)
)
commitments = st.sampled_from([Commitment(0.5), Commitment(1.0), Commitment(1.5), Commitment(3.0)])
durations = st.integers(min_value=0, max_value=10 * 7 * 3600).map(lambda seconds: timedelta(seconds=seconds))
# (start after submission, length), both in minutes; up to two weeks
pause_spans = st.lists(
    st.tuples(st.integers(0, 14 * 24 * 60), st.integers(0, 14 * 24 * 60)), max_size=3
)


def _is_open(moment: datetime) -> bool:
    """Reference answer, minute by minute: is the office open during the minute starting here?"""
    local = moment.astimezone(SHANGHAI)
    if not CALENDAR.is_workday(local.date()):
        return False
    return any(start <= local.time() < end for start, end in HOURS.periods)


@settings(max_examples=60, deadline=None)
@given(minute_moments, commitments)
def test_due_at_agrees_with_minute_by_minute_count(submitted, commitment):
    needed = commitment.duration(HOURS) // MINUTE
    moment = submitted
    while needed:
        if _is_open(moment):
            needed -= 1
        moment += MINUTE
    # the reference stops after the last working minute; due_at gives the same moment
    assert due_at(submitted, CALENDAR, HOURS, commitment) == moment


@settings(max_examples=60, deadline=None)
@given(minute_moments, st.integers(0, 5 * 24 * 60))
def test_working_time_between_agrees_with_minute_by_minute_count(a, length):
    b = a + timedelta(minutes=length)
    expected = sum(_is_open(a + i * MINUTE) for i in range(length)) * MINUTE
    assert working_time_between(a, b, CALENDAR, HOURS) == expected


@given(moments, commitments)
def test_due_is_never_before_submission(submitted, commitment):
    due = due_at(submitted, CALENDAR, HOURS, commitment)
    assert due > submitted
    assert due.tzinfo is SHANGHAI


@given(moments, moments, commitments)
def test_due_at_is_monotone_in_submission_time(first, second, commitment):
    earlier, later = sorted([first, second])
    assert due_at(earlier, CALENDAR, HOURS, commitment) <= due_at(later, CALENDAR, HOURS, commitment)


@given(moments, commitments)
def test_clock_start_is_an_open_moment_not_before_submission(submitted, commitment):
    start = clock_start(submitted, CALENDAR, HOURS)
    assert start >= submitted
    assert working_time_between(submitted, start, CALENDAR, HOURS) == timedelta(0)
    tick = timedelta(microseconds=1)  # not a minute: the start may fall a few seconds before a closing
    assert working_time_between(start, start + tick, CALENDAR, HOURS) == tick


@given(moments, commitments, pause_spans)
def test_pauses_add_exactly_their_working_time(submitted, commitment, spans):
    pauses = [
        (submitted + timedelta(minutes=offset), submitted + timedelta(minutes=offset + length))
        for offset, length in spans
    ]
    due = due_at(submitted, CALENDAR, HOURS, commitment, pauses)
    pause_time = paused_working_time(submitted, pauses, CALENDAR, HOURS)
    assert working_time_between(submitted, due, CALENDAR, HOURS) == commitment.duration(HOURS) + pause_time
    unpaused_due = due_at(submitted, CALENDAR, HOURS, commitment)
    assert working_time_between(unpaused_due, due, CALENDAR, HOURS) == pause_time


@given(moments, commitments, st.integers(0, 14 * 24 * 60), st.integers(0, 14 * 24 * 60))
def test_one_pause_adds_its_own_working_time(submitted, commitment, offset, length):
    pause = (submitted + timedelta(minutes=offset), submitted + timedelta(minutes=offset + length))
    due = due_at(submitted, CALENDAR, HOURS, commitment, [pause])
    expected = commitment.duration(HOURS) + working_time_between(*pause, CALENDAR, HOURS)
    assert working_time_between(submitted, due, CALENDAR, HOURS) == expected


@given(moments, durations)
def test_add_then_measure_gives_back_the_duration(moment, duration):
    opening = clock_start(moment, CALENDAR, HOURS)
    assert working_time_between(opening, add_working_time(opening, duration, CALENDAR, HOURS), CALENDAR, HOURS) == duration
    assert working_time_between(moment, add_working_time(moment, duration, CALENDAR, HOURS), CALENDAR, HOURS) == duration


@given(moments, moments)
def test_working_time_is_antisymmetric_and_additive(a, b):
    middle = a + (b - a) / 2
    forward = working_time_between(a, b, CALENDAR, HOURS)
    assert working_time_between(b, a, CALENDAR, HOURS) == -forward
    assert working_time_between(a, middle, CALENDAR, HOURS) + working_time_between(middle, b, CALENDAR, HOURS) == forward


@given(moments, commitments)
def test_light_is_green_at_start_and_red_after_due(submitted, commitment):
    assert light(submitted, submitted, CALENDAR, HOURS, commitment) == "green"
    due = due_at(submitted, CALENDAR, HOURS, commitment)
    assert light(submitted, due, CALENDAR, HOURS, commitment) == "yellow"
    assert light(submitted, due + timedelta(microseconds=1), CALENDAR, HOURS, commitment) == "red"


@given(moments, commitments, pause_spans, st.integers(0, 20 * 24 * 60), st.booleans())
def test_light_is_red_exactly_when_past_the_paused_due_time(submitted, commitment, spans, elapsed, still_paused):
    now = submitted + timedelta(minutes=elapsed)
    pauses: list[tuple[datetime, datetime | None]] = [
        (submitted + timedelta(minutes=offset), submitted + timedelta(minutes=offset + length))
        for offset, length in spans
        if offset + length <= elapsed
    ]
    if still_paused:
        pauses.append((now - timedelta(minutes=elapsed // 2), None))
    due = due_at(submitted, CALENDAR, HOURS, commitment, pauses, now=now)
    assert (light(submitted, now, CALENDAR, HOURS, commitment, pauses) == "red") == (now > due)
