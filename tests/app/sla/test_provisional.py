"""A due time counted over a year with no official schedule is marked provisional wherever it is shown:
the API's `sla`, the tracking page, the clerk's application page and queue, and the 帮代办 slip."""

from datetime import datetime

import lxml.html
import pytest

from app.clerk.banner import calendar_missing_notice
from app.extensions import db
from app.models import Application, Channel
from app.sla import centre
from app.sla.lights import sla_view
from app.sla.years import set_year
from tests.factories import file_for_applicant, track_client

MARK = "（预计，以当年国务院放假安排为准）"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


@pytest.fixture
def filed(app):
    """Two window applications accepted at known times: one due in 2027 (no official schedule on this
    machine's package, nobody entered it), one due within 2026. Returns {name: (number, token)}."""
    return {
        "new_year": file_for_applicant(app, channel=Channel.WINDOW, submitted_at=at("2026-12-31T10:00:00"),
                                       accepted_at=at("2026-12-31T10:00:00"), due_at=at("2027-01-04T10:00:00")),
        "june": file_for_applicant(app, channel=Channel.WINDOW, submitted_at=at("2026-06-01T10:00:00"),
                                   accepted_at=at("2026-06-01T10:00:00"), due_at=at("2026-06-02T10:00:00")),
    }


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def _application(number: str) -> Application:
    return db.session.query(Application).filter_by(number=number).one()


def test_sla_view_says_provisional_until_the_year_is_entered(app, filed):
    with app.app_context():
        new_year, june = _application(filed["new_year"][0]), _application(filed["june"][0])
        assert centre.calendar().source_for_year(2027) in ("statutory", "package")
        provisional = centre.calendar().source_for_year(2027) == "statutory"
        assert sla_view(new_year)["provisional"] is provisional
        assert sla_view(june)["provisional"] is False
        set_year(2027, ["2027-01-01..2027-01-03"], [], "cli:test")
        db.session.commit()
        centre.forget_calendar()
        assert sla_view(new_year)["provisional"] is False


def test_the_api_carries_provisional_in_sla(app, client, filed):
    number, token = filed["new_year"]
    body = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body["sla"]["due_at"] == "2027-01-04T10:00:00+08:00" and body["sla"]["provisional"] is True
    number, token = filed["june"]
    body = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body["sla"]["provisional"] is False


def test_the_tracking_page_marks_the_due_time(app, filed):
    number, token = filed["new_year"]
    html = page(track_client(app.test_client(), number, token).get(f"/track/{number}"))
    mark = html.get_element_by_id("track-provisional")
    assert mark.get("hidden") is None and mark.text_content() == MARK
    number, token = filed["june"]
    html = page(track_client(app.test_client(), number, token).get(f"/track/{number}"))
    assert html.get_element_by_id("track-provisional").get("hidden") is not None


def test_the_clerk_pages_and_the_slip_mark_the_due_time(app, clerk_client, filed):
    new_year, june = filed["new_year"][0], filed["june"][0]
    detail = page(clerk_client.get(f"/clerk/applications/{new_year}"))
    assert detail.get_element_by_id("app-provisional").text_content() == MARK
    assert not page(clerk_client.get(f"/clerk/applications/{june}")).xpath("//*[@id='app-provisional']")
    slip = page(clerk_client.get(f"/clerk/assisted/{new_year}/slip"))
    assert slip.get_element_by_id("slip-provisional").text_content() == MARK
    assert slip.get_element_by_id("slip-due").xpath("string(strong)") == "2027-01-04 10:00"
    assert not page(clerk_client.get(f"/clerk/assisted/{june}/slip")).xpath("//*[@id='slip-provisional']")
    queue = page(clerk_client.get("/clerk/"))
    rows = {row.get("data-number"): row for row in queue.xpath("//tr[@data-number]")}
    assert MARK in rows[new_year].text_content() and MARK not in rows[june].text_content()


def test_the_banner_says_how_a_missing_year_is_counted(app, clerk_client):
    with app.test_request_context():
        assert calendar_missing_notice(2040) == \
            "2040年节假日安排尚未录入，暂按法定节假日和周末计算工作日（未含调休），相关时限为预计"
        assert calendar_missing_notice(2100) == "2100年节假日安排尚未录入，按周一至周五计算工作日"
