"""A clerk's retry of a stuck step: where the application goes back to, and a fresh round of attempts."""

from datetime import UTC, datetime

import pytest
import requests

from app.extensions import db
from app.models import ApplicationStatus, Step, StepStatus
from app.pipeline import runner
from app.refusal import Refusal
from app.review.operations import reject, retry_step
from tests.factories import create_application


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


@pytest.mark.parametrize(("status", "words"), [(ApplicationStatus.READY_FOR_ISSUE, "证照已制作完成"),
                                               (ApplicationStatus.ISSUED, "已办结")])
def test_no_rejection_once_the_licence_is_made_whoever_asks(app, status, words):
    """The rule is the operation's, not only the page's: a CLI or API caller meets it too."""
    with app.app_context():
        application = create_application(status)
        with pytest.raises(Refusal, match=words):
            reject(application, "王窗口", "材料不全")
        assert application.status == status
