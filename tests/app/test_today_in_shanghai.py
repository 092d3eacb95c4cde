"""The centre's calendar day is Shanghai's, not the server's (UTC): from 16:00 UTC it is tomorrow there."""

from datetime import UTC, date, datetime

from app.timefmt import today_in_shanghai


def test_the_day_turns_at_midnight_in_shanghai():
    assert today_in_shanghai(datetime(2026, 12, 7, 15, 59, tzinfo=UTC)) == date(2026, 12, 7)
    assert today_in_shanghai(datetime(2026, 12, 7, 16, 0, tzinfo=UTC)) == date(2026, 12, 8)
