"""The statistics against a seeded dataset whose numbers are worked out by hand, on SQLite and PostgreSQL."""

import csv
import io
import os
from datetime import datetime, timedelta

import lxml.html
import pytest
from flask_migrate import upgrade

from app.clerk.charts import Series, bar_chart, line_chart, nice_max
from app.desk import statistics as stats
from app.extensions import db
from app.factory import create_app
from app.models import AuditEvent, Channel, Rating, Role
from app.timefmt import SHANGHAI
from config import Testing
from tests.app.clerk.desk_support import seeded, sign_in
from tests.support.stack import own_database, reset_postgres

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def on(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


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


def seed(days_later: int = 0) -> None:
    """Five applications in the 30 days ending 2026-11-20 (Shanghai), one just before them.

    hours submit → handed over: A 8, B 48, D 12, F 26 → average 23.5; p90 = 26 + 0.7 × (48 − 26) = 41.4.
    `days_later` moves the whole dataset (for pages that count back from today).
    """
    def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
        return on(month, day, hour, minute) + timedelta(days=days_later)

    a = seeded("A", at(11, 18, 9), Channel.ONLINE, due_at=at(11, 19, 9), ready_at=at(11, 18, 15),
               issue_due_at=at(11, 19, 15), handed_over_at=at(11, 18, 17))          # both stages on time
    b = seeded("B", at(11, 18, 10), Channel.WINDOW, due_at=at(11, 19, 10), ready_at=at(11, 19, 12),
               issue_due_at=at(11, 20, 12), handed_over_at=at(11, 20, 10))          # apply late, issue on time
    seeded("C", at(11, 20, 7), Channel.ONLINE, due_at=at(11, 20, 17))                # 11-19 23:00 UTC: a Shanghai 11-20
    d = seeded("D", at(11, 20, 1), Channel.ONLINE, due_at=at(11, 20, 17), ready_at=at(11, 20, 9),
               issue_due_at=at(11, 20, 12), handed_over_at=at(11, 20, 13))          # apply on time, issue late
    e = seeded("E", at(10, 21, 23, 30), Channel.ONLINE, due_at=at(10, 22, 17))      # the day before the period
    seeded("F", at(10, 22, 0, 30), Channel.WINDOW, due_at=at(10, 23, 0, 30), ready_at=at(10, 22, 10),
           issue_due_at=at(10, 23, 10), handed_over_at=at(10, 23, 2, 30))           # 10-21 16:30 UTC: in the period
    refused = [(a, "tax_registration: 税务退回", at(11, 18, 11)), (b, "tax_registration: 税务退回", at(11, 18, 12)),
               (b, "bank_account: 银行退回", at(11, 19, 9)), (d, "name_approval: 名称退回", at(10, 1, 9))]
    for application, note, when in refused:
        db.session.add(AuditEvent(application_id=application.id, actor="system", action="agency_refused",
                                  note=note, at=when))
    db.session.add(AuditEvent(application_id=d.id, actor="system", action="step_failed",
                              note="registration: 多次超时", at=at(11, 20, 3)))
    db.session.add(AuditEvent(application_id=a.id, actor="system", action="submitted", note="registration: x",
                              at=at(11, 18, 9)))  # not a review
    for application, score, when in ((a, 5, at(11, 18, 18)), (b, 3, at(11, 20, 11)), (d, 4, at(11, 20, 11, 30)),
                                     (e, 1, at(10, 21, 23, 59))):
        db.session.add(Rating(application_id=application.id, score=score, created_at=when))
    db.session.commit()


def test_the_numbers_match_the_hand_computed_ones(stats_app):
    with stats_app.app_context():
        seed()
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
        seeded("G", on(11, 19, 9), handed_over_at=on(11, 19, 15))
        db.session.commit()
        assert stats.hours_to_issue(stats.last_days(30, now=NOW)) == (1, pytest.approx(6.0), pytest.approx(6.0))


def test_the_page_and_the_csv_show_the_same_numbers(app, client):
    today = datetime.now(SHANGHAI)
    with app.app_context():
        seed(days_later=(today.date() - NOW.date()).days)  # the page counts back from today
    sign_in(client, app, Role.CLERK)
    html = lxml.html.fromstring(client.get("/clerk/stats?days=30").get_data(as_text=True))
    assert html.get_element_by_id("stat-applications").text_content() == "5"
    assert html.get_element_by_id("stat-online-share").text_content() == "60.0%"
    assert html.get_element_by_id("stat-apply-on-time").text_content() == "75.0%"
    assert html.get_element_by_id("stat-hours-avg").text_content() == "23.5小时"
    assert html.get_element_by_id("stat-hours-p90").text_content() == "41.4小时"
    assert len(html.xpath("//svg[contains(@class,'chart')]")) == 4

    response = client.get("/clerk/stats.csv?days=30")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 30
    assert rows[-1]["date"] == today.date().isoformat()
    busy = [(r["applications"], r["online"], r["window"], r["online_share"]) for r in rows if r["applications"] != "0"]
    assert busy == [("1", "0", "1", "0.0000"), ("2", "1", "1", "0.5000"), ("2", "2", "0", "1.0000")]
    assert sum(int(r["apply_on_time"]) for r in rows) == 3 and sum(int(r["issue_done"]) for r in rows) == 4


def test_statistics_are_for_window_staff_only(app, client):
    assert client.get("/clerk/stats").status_code == 302
    sign_in(client, app, Role.COURIER)
    assert client.get("/clerk/stats").status_code == 403
    assert client.get("/clerk/stats.csv").status_code == 403


def test_charts_are_svg_with_their_numbers_in_tooltips():
    chart = bar_chart("每日申请量", ["11-18", "11-19"], [Series("网上", [1, 0], "#1d70b8"), Series("窗口", [1, 2], "#f47738")])
    tree = lxml.html.fromstring(str(chart))
    assert tree.tag == "svg" and tree.get("aria-label") == "每日申请量"
    assert [t.text_content() for t in tree.xpath("//rect/title")] == ["11-18 网上: 1", "11-18 窗口: 1", "11-19 窗口: 2"]
    heights = [float(r.get("height")) for r in tree.xpath("//rect")]
    assert heights[0] == heights[1] and heights[2] == pytest.approx(2 * heights[0])
    line = lxml.html.fromstring(str(line_chart("网办率", ["a", "b", "c"], [0.5, None, 1.0])))
    assert len(line.xpath("//circle")) == 2 and line.xpath("//polyline") == []  # a gap, not a line through it
    # Four grid steps of 1, 2 or 5 × 10ⁿ: whole numbers on a count axis.
    assert [nice_max(v) for v in (0, 0.3, 1, 4, 5, 7, 9, 20, 21, 230)] == [4, 4, 4, 4, 8, 8, 20, 20, 40, 400]


def test_the_day_boundary_is_shanghai_midnight():
    period = stats.Period(NOW.date(), NOW.date())
    assert period.start_at.astimezone(SHANGHAI).hour == 0
    assert period.end_at - period.start_at == timedelta(days=1)
