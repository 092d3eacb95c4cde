"""Defects a review found, each pinned by a test: redirects, hostile input, who may act as the
applicant, late agency answers, and an application stuck after a courier booking was retried."""

import time
from datetime import UTC, datetime

import pytest
import requests

from app.applications.tokens import access_token
from app.extensions import db
from app.models import ApplicationStatus, AuditEvent, Step, StepStatus
from app.pipeline import runner
from app.pipeline.runner import flag_for_review
from app.review.operations import retry_step
from tests.app.clerk.conftest import PASSWORD, create_application


@pytest.mark.parametrize("target", ["//evil.com", "/\t/evil.com", "/\\evil.com", "http://evil.com/", "/\n/evil.com"])
def test_login_never_redirects_off_the_site(app, staff, target):
    client = app.test_client()
    response = client.post("/login", query_string={"next": target},
                           data={"username": "clerk1", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/clerk/"


def test_login_follows_a_path_on_the_site(app, staff):
    response = app.test_client().post("/login", query_string={"next": "/clerk/stats"},
                                      data={"username": "clerk1", "password": PASSWORD})
    assert response.headers["Location"] == "/clerk/stats"


def test_a_huge_shareholder_index_or_number_does_not_stall_or_break_the_form(client):
    started = time.monotonic()
    response = client.post("/", data={"shareholders.10000000.name": "x", "registered_capital_yuan": "9" * 5000})
    assert response.status_code == 200
    assert time.monotonic() - started < 5
    assert len(response.data) < 2_000_000


def test_odd_query_arguments_do_not_break_the_language_links(client):
    for query in ("_method=x", "endpoint=x", "lang=en&lang=zh", "_external=1"):
        assert client.get("/?" + query).status_code == 200


@pytest.mark.parametrize("query", ["after=9" * 60, "after=1.99999999999999999999.1", "to=9999-12-31",
                                   "from=0001-01-01", "from=nonsense"])
def test_the_queue_shrugs_off_garbled_filters(clerk_client, query):
    assert clerk_client.get("/clerk/?" + query).status_code == 200


def test_a_clerk_cannot_rate_report_or_correct_on_the_applicants_behalf(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.ISSUED).number
    for path, data in ((f"/track/{number}/rating", {"score": "5"}), (f"/track/{number}/report", {"body": "x"}),
                       (f"/track/{number}/impressions/confirm", {}), (f"/track/{number}/correction", {})):
        assert clerk_client.post(path, data=data).status_code == 401, path


def test_the_applicant_still_can(app, client):
    with app.app_context():
        number = create_application(ApplicationStatus.ISSUED).number
        token = access_token(number, app.config["SECRET_KEY"])
    response = client.post(f"/track/{number}/rating?t={token}", data={"score": "5"})
    assert response.status_code in (200, 302, 303)


def test_a_late_refusal_does_not_undo_a_clerks_decision(app):
    with app.app_context():
        application = create_application(ApplicationStatus.AWAITING_CORRECTION)
        flag_for_review(application, "agency_refused", "tax_registration: 退回")
        db.session.commit()
        db.session.refresh(application)
        assert application.status == ApplicationStatus.AWAITING_CORRECTION
        actions = db.session.scalars(db.select(AuditEvent.action).where(
            AuditEvent.application_id == application.id)).all()
        assert "agency_refused" in actions


def test_retrying_the_courier_booking_returns_the_application_to_waiting_for_issue(app):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                         stuck={"shipment": (StepStatus.NEEDS_REVIEW, "邮寄退回")})
        application.ready_at = datetime.now(UTC)
        db.session.commit()
        retry_step(application, "shipment", "王窗口", "已与快递公司核实")
        db.session.commit()
        assert application.status == ApplicationStatus.READY_FOR_ISSUE
        assert application.step("shipment").status == StepStatus.PENDING


def test_a_clerks_retry_of_a_failed_step_gets_a_fresh_round_of_attempts(app, sandbox):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW)
        step = application.step("seal_carving")
        step.status, step.attempts, step.error = StepStatus.FAILED, app.config["STEP_MAX_ATTEMPTS"], "503"
        db.session.commit()
        retry_step(application, "seal_carving", "王窗口", "部门系统已恢复")
        db.session.commit()
        step_id = step.id
    requests.post(sandbox.url + "/_sandbox/config", json={"SANDBOX_ERROR_RATE": 1.0}, timeout=5)
    try:
        with app.app_context():
            outcome = runner.run_step(step_id)
            retried = db.session.get(Step, step_id)
            assert outcome.retry_in is not None
            assert retried.status == StepStatus.RETRYING and retried.attempts == app.config["STEP_MAX_ATTEMPTS"] + 1
    finally:
        requests.post(sandbox.url + "/_sandbox/reset", json={}, timeout=5)
