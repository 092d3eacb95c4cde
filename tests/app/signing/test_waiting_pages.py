"""An application awaiting signatures: the tracking page, its live view and the clerk's page all render,
with no due time and the parties' names masked; the clock, the queue and the statistics ignore it."""

from datetime import timedelta

import lxml.html
from sqlalchemy import select

from app.desk.statistics import Period, per_day
from app.extensions import db
from app.models import Application, ApplicationStatus
from app.sla.lights import current_light, refresh_lights
from app.timefmt import SHANGHAI
from tests.factories import create_user, file_for_applicant, filed_application, sign_in, track_client


def test_the_tracking_page_shows_an_application_waiting_for_signatures(app, client):
    number, token = file_for_applicant(app, signed=False)
    page = track_client(client, number, token).get(f"/track/{number}")
    assert page.status_code == 200
    html = lxml.html.fromstring(page.get_data(as_text=True))
    assert html.get_element_by_id("track-status").get("data-status") == "awaiting_signatures"
    assert "待签名" in html.get_element_by_id("track-status").text_content()
    assert html.get_element_by_id("track-due").text_content().strip() == "全体签署人签署后起算"
    assert html.get_element_by_id("track-light").get("hidden") is not None  # no clock runs: no light
    live = client.get(f"/track/{number}/progress").get_json()
    assert live["status"] == "awaiting_signatures" and live["sla"]["due_at"] is None
    assert [s["name"] for s in live["signatures"]] == ["张*", "李*"]


def test_the_clerks_page_of_an_application_waiting_for_signatures_renders(app, client):
    number, _token = file_for_applicant(app, signed=False)
    with app.app_context():
        create_user("clerk1", "clerk")
    page = sign_in(client, "clerk1").get(f"/clerk/applications/{number}")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]


def test_no_light_and_no_statistics_before_acceptance(ctx):
    waiting = filed_application(signed=False)
    assert waiting.accepted_at is None and waiting.due_at is None
    assert current_light(waiting, waiting.submitted_at + timedelta(days=30)) == waiting.light  # no clock runs
    refresh_lights(waiting.submitted_at + timedelta(days=30))
    db.session.refresh(waiting)
    assert waiting.light == "green"
    day = waiting.submitted_at.astimezone(SHANGHAI).date()
    counted = {row.day: row for row in per_day(Period(day, day))}
    assert counted[day].applications == 0  # counted from acceptance, not from filing

    accepted = filed_application()
    assert accepted.status == ApplicationStatus.SUBMITTED and accepted.accepted_at is not None
    day = accepted.accepted_at.astimezone(SHANGHAI).date()
    assert {row.day: row for row in per_day(Period(day, day))}[day].applications == 1
    assert db.session.scalar(select(Application.due_at).where(Application.id == accepted.id)) is not None
