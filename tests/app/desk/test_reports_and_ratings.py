"""办不成事 reports (answered by a supervisor, seen by the applicant) and 好差评 ratings (once, after issue)."""

import re

import lxml.html
from flask import render_template_string
from sqlalchemy import func, select

from app.desk.queries import open_report_counts
from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, CannotGetDoneReport, Rating, Role, User
from tests.factories import file_for_applicant, sign_in_new_user, track_client


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def report(client, number, token, body="税务登记一直没有进展，电话也打不通"):
    return track_client(client, number, token).post(f"/track/{number}/report", data={"body": body})


def application_id(app, number):
    with app.app_context():
        return db.session.scalar(select(Application.id).where(Application.number == number))


def test_a_report_reaches_the_supervisor_whose_answer_the_applicant_then_sees(app, client, payload):
    number, token = file_for_applicant(app, payload)
    response = report(client, number, token)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/track/{number}#desk-report"  # the clean address
    tracking = page(client.get(f"/track/{number}"))
    assert "税务登记一直没有进展" in tracking.get_element_by_id("desk-report").text_content()
    assert "已收到" in tracking.get_element_by_id("desk-report").text_content()
    with app.app_context():
        assert open_report_counts() == {application_id(app, number): 1}

    supervisor = app.test_client()
    sign_in_new_user(supervisor, app, Role.SUPERVISOR, display_name="李主任")
    html = page(supervisor.get("/clerk/reports"))
    cards = html.xpath("//article[contains(@class,'report-card')]")
    assert [card.get("data-application") for card in cards] == [number]
    report_id = int(re.search(r"report-(\d+)", cards[0].get("id")).group(1))
    answered = supervisor.post(f"/clerk/reports/{report_id}/answer", data={"answer": "已联系税务部门，明天上午办结"})
    assert answered.status_code == 303
    assert "没有待答复的反映" in page(supervisor.get("/clerk/reports")).text_content()

    with app.app_context():
        assert open_report_counts() == {}
        stored = db.session.get(CannotGetDoneReport, report_id)
        assert (stored.answered_by, stored.answer) == ("李主任", "已联系税务部门，明天上午办结")
        supervisor_id = db.session.scalar(select(User.id).where(User.username == Role.SUPERVISOR))
        trail = list(db.session.execute(select(AuditEvent.action, AuditEvent.actor, AuditEvent.actor_user_id)
                                        .where(AuditEvent.application_id == application_id(app, number))
                                        .order_by(AuditEvent.id)))
        assert [tuple(row) for row in trail[-2:]] == [("cannot_get_done_reported", "applicant", None),
                                                      ("cannot_get_done_answered", "supervisor", supervisor_id)]
    tracking = page(client.get(f"/track/{number}")).get_element_by_id("desk-report").text_content()
    assert "已联系税务部门，明天上午办结" in tracking and "李主任" in tracking
    # Answered once: a second answer is refused and changes nothing.
    assert supervisor.post(f"/clerk/reports/{report_id}/answer", data={"answer": "再答一次"}).status_code == 409
    with app.app_context():
        assert db.session.get(CannotGetDoneReport, report_id).answer == "已联系税务部门，明天上午办结"


def test_a_clerk_sees_reports_but_only_a_supervisor_answers(app, client, payload):
    number, token = file_for_applicant(app, payload)
    report(client, number, token)
    clerk = app.test_client()
    sign_in_new_user(clerk, app, Role.CLERK)
    html = page(clerk.get("/clerk/reports"))
    assert len(html.xpath("//article[contains(@class,'report-card')]")) == 1
    assert html.xpath("//textarea[@name='answer']") == []
    with app.app_context():
        report_id = db.session.scalar(select(CannotGetDoneReport.id))
    assert clerk.post(f"/clerk/reports/{report_id}/answer", data={"answer": "我来答"}).status_code == 403
    with app.app_context():
        assert db.session.get(CannotGetDoneReport, report_id).answered_at is None
    # Nor can the applicant's token get into the window.
    assert client.get(f"/clerk/reports?t={token}").status_code == 302
    assert client.post(f"/clerk/reports/{report_id}/answer?t={token}", data={"answer": "x"}).status_code == 302


def test_an_empty_report_or_answer_is_sent_back_with_a_message(app, client, payload):
    number, token = file_for_applicant(app, payload)
    response = report(client, number, token, body="   ")
    assert response.status_code == 422
    section = page(response).get_element_by_id("desk-report")
    assert section.xpath(".//p[@class='error-message']") and section.xpath(".//details[@open]")
    assert report(client, number, token, body="长" * 1001).status_code == 422
    report(client, number, token)
    supervisor = app.test_client()
    sign_in_new_user(supervisor, app, Role.SUPERVISOR)
    with app.app_context():
        report_id = db.session.scalar(select(CannotGetDoneReport.id))
        assert db.session.scalar(select(func.count()).select_from(CannotGetDoneReport)) == 1
    response = supervisor.post(f"/clerk/reports/{report_id}/answer", data={"answer": ""})
    assert response.status_code == 422
    assert page(response).xpath(f"//p[@id='answer-{report_id}-error']")


def test_reports_need_the_applications_own_token(app, client, payload):
    number, _token = file_for_applicant(app, payload)
    other_number, other_token = file_for_applicant(app, {**payload, "name": {**payload["name"], "trade_name": "瑞鼎恒嘉"}})
    assert client.post(f"/track/{number}/report", data={"body": "x"}).status_code == 401
    assert client.post(f"/track/{number}/report?t={other_token}", data={"body": "x"}).status_code == 401
    assert client.post(f"/track/{number}/report", data={"body": "x"},
                       headers={"Authorization": f"Bearer {other_token}"}).status_code == 404
    client.set_cookie(f"kaiban_track_{number}", other_token, path=f"/track/{number}")
    assert client.post(f"/track/{number}/report", data={"body": "x"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CannotGetDoneReport)) == 0


def test_the_queue_flag_partial_shows_open_reports_only(app, client, payload):
    number, token = file_for_applicant(app, payload)
    report(client, number, token)
    report(client, number, token, body="公章还没刻好")
    with app.app_context(), app.test_request_context():
        application = db.session.scalar(select(Application))
        counts = open_report_counts([application.id])
        assert counts == {application.id: 2}
        assert open_report_counts([application.id + 1]) == {} == open_report_counts([])
        flag = render_template_string('{% include "clerk/_report_flag.html" %}', application=application,
                                      report_counts=counts)
        assert "办不成事 2" in flag and 'class="report-flag"' in flag
        assert render_template_string('{% include "clerk/_report_flag.html" %}', application=application,
                                      report_counts={}).strip() == ""


def rate(client, number, token, score="4", comment=""):
    return track_client(client, number, token).post(f"/track/{number}/rating",
                                                    data={"score": score, "comment": comment})


def test_rating_is_offered_only_after_issue(app, client, payload):
    number, token = file_for_applicant(app, payload)
    assert page(track_client(client, number, token).get(f"/track/{number}")).xpath("//*[@id='desk-rating']") == []
    response = rate(client, number, token)
    assert response.status_code == 409
    assert "证照发放后才能评价" in page(response).get_element_by_id("desk-rating").text_content()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 0


def test_a_rating_is_accepted_once_with_its_score_checked(app, client, payload):
    number, token = file_for_applicant(app, payload, status=ApplicationStatus.ISSUED)
    form = page(track_client(client, number, token).get(f"/track/{number}")).get_element_by_id("desk-rating")
    assert sorted(form.xpath(".//input[@name='score']/@value")) == ["1", "2", "3", "4", "5"]
    for bad in ("0", "6", "", "很好", "4.5"):
        response = rate(client, number, token, score=bad)
        assert response.status_code == 422, bad
        assert "请选择1到5分" in page(response).get_element_by_id("desk-rating").text_content()
    assert rate(client, number, token, comment="长" * 501).status_code == 422
    response = rate(client, number, token, score="4", comment="窗口很耐心")
    assert response.status_code == 303
    shown = page(client.get(f"/track/{number}")).get_element_by_id("desk-rating")
    assert "4分" in shown.text_content() and "窗口很耐心" in shown.text_content() and not shown.xpath(".//form")
    again = rate(client, number, token, score="1", comment="改主意了")
    assert again.status_code == 409
    assert "只能评价一次" in again.get_data(as_text=True)
    with app.app_context():
        ratings = list(db.session.scalars(select(Rating)))
        assert [(r.score, r.comment) for r in ratings] == [(4, "窗口很耐心")]


def test_shipped_and_delivered_applications_may_be_rated_too(app, client, payload):
    for status, trade in ((ApplicationStatus.SHIPPED, "星锦瑞鼎"), (ApplicationStatus.DELIVERED, "恒嘉诚润")):
        number, token = file_for_applicant(app, {**payload, "name": {**payload["name"], "trade_name": trade}}, status=status)
        assert rate(client, number, token, score="5").status_code == 303


def test_forms_on_the_tracking_page_carry_csrf_and_posts_without_it_fail(app, client, payload):
    number, token = file_for_applicant(app, payload, status=ApplicationStatus.DELIVERED)
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(track_client(client, number, token).get(f"/track/{number}"))
    for section in ("desk-rating", "desk-report"):
        form = html.get_element_by_id(section).xpath(".//form")[0]
        assert form.get("action").startswith(f"/track/{number}/") and "t=" not in form.get("action")
        assert form.xpath(".//input[@name='csrf_token']/@value")
    assert report(client, number, token).status_code == 400
    csrf = html.get_element_by_id("desk-report").xpath(".//input[@name='csrf_token']/@value")[0]
    response = client.post(f"/track/{number}/report", data={"body": "邮寄地址写错了", "csrf_token": csrf})
    assert response.status_code == 303
