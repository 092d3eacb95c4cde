"""The statistics against a seeded dataset whose numbers are worked out by hand, on SQLite and PostgreSQL."""

import os
from datetime import datetime, timedelta

import pytest
from flask_migrate import upgrade

from app.desk import statistics as stats
from app.extensions import db
from app.factory import create_app
from app.timefmt import SHANGHAI
from config import Testing
from devstack.stack import own_database, reset_postgres
from tests.factories import STATISTICS_NOW as NOW
from tests.factories import create_bare_application, create_statistics_dataset

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def stats_app(request, app, tmp_path):
    """The plain test app on SQLite; on PostgreSQL, one on a database of its own (no other test meets it)."""
    if request.param == "sqlite":
        yield app
        return
    url = own_database(os.environ["TEST_DATABASE_URL"], "kaiban_desk_stats")
    reset_postgres(url)
    pg_app = create_app(Testing, SQLALCHEMY_DATABASE_URI=url, INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=False)
    with pg_app.app_context():
        upgrade(revision="heads")
    yield pg_app
    with pg_app.app_context():
        db.engine.dispose()


def test_the_numbers_match_the_hand_computed_ones(stats_app):
    with stats_app.app_context():
        create_statistics_dataset()
        period = stats.last_days(30, now=NOW)
        assert (period.first.isoformat(), period.last.isoformat()) == ("2026-10-22", "2026-11-20")
        result = stats.compute(period)

        per_day = {row.day.isoformat(): row for row in result.days if row.applications}
        assert len(result.days) == 30
        assert {day: (row.applications, row.online, row.window) for day, row in per_day.items()} == {
            "2026-10-22": (1, 0, 1), "2026-11-18": (2, 1, 1), "2026-11-20": (2, 2, 0)}
        assert (result.total("applications"), result.total("online")) == (5, 3)
        assert result.online_share == pytest.approx(0.6)
        assert (result.total("apply_done"), result.total("apply_on_time")) == (4, 3)
        assert (result.total("issue_done"), result.total("issue_on_time")) == (4, 3)
        assert result.apply_on_time_share == result.issue_on_time_share == pytest.approx(0.75)
        assert result.handed_over == 4
        assert result.hours_to_issue_avg == pytest.approx(23.5)
        assert result.hours_to_issue_p90 == pytest.approx(41.4)
        assert result.reviews_by_step == [("tax_registration", 2), ("registration", 1), ("bank_account", 1)]
        assert (result.rating_count, result.rating_avg) == (3, pytest.approx(4.0))
        assert result.rating_distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}


def test_an_empty_period_has_no_shares_rather_than_a_division_by_zero(stats_app):
    with stats_app.app_context():
        result = stats.compute(stats.last_days(7, now=NOW))
        assert result.online_share is None and result.apply_on_time_share is None
        assert (result.hours_to_issue_avg, result.hours_to_issue_p90, result.rating_avg) == (None, None, None)
        assert [row.applications for row in result.days] == [0] * 7


def test_p90_of_one_value_is_that_value(stats_app):
    with stats_app.app_context():
        create_bare_application("G", datetime(2026, 11, 19, 9, tzinfo=SHANGHAI),
                                handed_over_at=datetime(2026, 11, 19, 15, tzinfo=SHANGHAI))
        db.session.commit()
        assert stats.hours_to_issue(stats.last_days(30, now=NOW)) == (1, pytest.approx(6.0), pytest.approx(6.0))


def test_the_day_boundary_is_shanghai_midnight():
    period = stats.Period(NOW.date(), NOW.date())
    assert period.start_at.astimezone(SHANGHAI).hour == 0
    assert period.end_at - period.start_at == timedelta(days=1)
