"""帮代办: a clerk files the one form for a walk-in applicant and prints the slip."""

import re
from urllib.parse import urlsplit

import lxml.html
from sqlalchemy import select

from app.applications.tokens import application_token
from app.desk import statistics as stats
from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, Channel, Role, User
from app.timefmt import local
from tests.factories import as_form, example_payload, file_for_applicant, sign_every_party, sign_in_new_user


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_the_clerk_gets_the_same_one_form_posting_to_the_assisted_route(app, client):
    sign_in_new_user(client, app, Role.CLERK)
    html = page(client.get("/clerk/assisted"))
    form = html.get_element_by_id("main").xpath(".//form")[0]
    assert form.get("action") == "/clerk/assisted" and form.get("method") == "post"
    # Not the online applicant's draft slot: the window's computer is shared.
    assert form.get("data-draft-key") == "kaiban-assisted-draft"
    assert "帮代办" in html.xpath("string(//h1)")
    names = set(html.xpath("//form//*[@name]/@name"))
    public = set(page(client.get("/")).xpath("//form//*[@name]/@name"))
    assert names == public


def test_assisted_filing_creates_a_window_application_and_a_slip_that_never_shows_the_token(app, client, payload):
    sign_in_new_user(client, app, Role.CLERK, display_name="王窗口")
    response = client.post("/clerk/assisted", data=as_form(payload))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    slip_url = response.headers["Location"]
    with app.app_context():
        application = db.session.scalar(select(Application).order_by(Application.id.desc()))
        number, name, due = application.number, application.company_name, local(application.due_at)
        assert application.channel == Channel.WINDOW
        assert application.form == payload
        submitted = db.session.scalar(select(AuditEvent).where(AuditEvent.application_id == application.id,
                                                               AuditEvent.action == "submitted"))
        # Filed on the applicant's behalf: recorded as the clerk (the staff user), never as "applicant".
        clerk = db.session.scalar(select(User).where(User.role == Role.CLERK))
        assert (submitted.actor, submitted.actor_user_id) == (clerk.username, clerk.id)
        # Filed for the parties, not signed by them: nothing is queued until each has signed.
        assert application.status == ApplicationStatus.AWAITING_SIGNATURES
        assert not any(step.queued_at for step in application.steps)
        token = application_token(application, app.config["SECRET_KEY"])
    assert urlsplit(slip_url).path == f"/clerk/assisted/{number}/slip"

    response = client.get(slip_url)
    text = response.get_data(as_text=True)
    html = page(response)
    slip = html.get_element_by_id("slip")
    assert html.get_element_by_id("slip-number").text_content() == number
    assert html.get_element_by_id("slip-company").text_content() == name
    # Staff never see the token: not on the slip, not in its link, not in its QR code's page.
    assert token not in text and not re.search(r"[?&]t=", text) and not html.xpath("//*[@id='slip-token']")
    assert "138****0000" in html.get_element_by_id("slip-sms").text_content()  # where the link was sent
    assert "13800000000" not in text
    link = html.get_element_by_id("slip-link").text_content()
    assert urlsplit(link).path == "/track" and not urlsplit(link).query  # where to ask for it again
    assert slip.xpath(".//svg[contains(@class,'qr')]//*[local-name()='path']")
    # Filed, not yet signed: no due time yet, and the slip says from when the one day counts.
    assert due == "" and "自全体签署人签署之时起算" in html.get_element_by_id("slip-due").text_content()
    # And the clerk's own session does not act as the applicant.
    assert client.post(f"/track/{number}/rating", data={"score": "5"}).status_code == 401


def test_errors_come_back_on_the_assisted_form_with_what_was_typed(app, client, payload):
    sign_in_new_user(client, app, Role.SUPERVISOR)
    payload["legal_representative"]["id_number"] = "420324199001011234"
    response = client.post("/clerk/assisted", data=as_form(payload))
    assert response.status_code == 200
    html = page(response)
    assert html.xpath("//form/@action") == ["/clerk/assisted"]
    assert html.get_element_by_id("error-summary") is not None
    assert html.get_element_by_id("legal_representative-id_number").get("value") == "420324199001011234"
    with app.app_context():
        assert db.session.scalar(select(Application)) is None


def test_only_window_staff_reach_assisted_filing(app, client, payload):
    assert client.get("/clerk/assisted").status_code == 302  # to the sign-in page
    number, token = file_for_applicant(app, payload)
    assert client.get(f"/clerk/assisted/{number}/slip?t={token}").status_code == 302  # a token is no sign-in
    sign_in_new_user(client, app, Role.COURIER)
    assert client.get("/clerk/assisted").status_code == 403
    assert client.post("/clerk/assisted", data=as_form(payload)).status_code == 403
    assert client.get(f"/clerk/assisted/{number}/slip").status_code == 403


def test_online_share_counts_window_filings_apart(app, client):
    sign_in_new_user(client, app, Role.CLERK)
    for _ in range(3):
        assert client.post("/", data=as_form(example_payload())).status_code == 303
    assert client.post("/clerk/assisted", data=as_form(example_payload())).status_code == 303
    with app.app_context():
        for application in db.session.scalars(select(Application)).all():
            sign_every_party(application)  # the statistics count applications once accepted
        result = stats.compute(stats.last_days(30))
        assert (result.total("applications"), result.total("online"), result.online_share) == (4, 3, 0.75)
    html = page(client.get("/clerk/stats"))
    assert html.get_element_by_id("stat-online-share").text_content() == "75.0%"
