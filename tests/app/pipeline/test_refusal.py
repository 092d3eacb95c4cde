"""Our own refusal inside a step (app.refusal.Refusal) is treated like an agency's: a clerk decides."""

from app.extensions import db
from app.models import ApplicationStatus, StepStatus
from app.pipeline import runner
from app.refusal import Refusal
from tests.factories import filed_application

REASON = "缺少名称自主申报结果，请窗口核实"


def refusing(step, application):
    raise Refusal(REASON)


def test_a_step_that_refuses_goes_to_needs_review_with_the_reason(app, monkeypatch):
    monkeypatch.setitem(runner.EXECUTORS, "name_approval", refusing)
    with app.test_request_context():
        application = filed_application()
        step = application.step("name_approval")
        outcome = runner.run_step(step.id)
        db.session.refresh(step)
        db.session.refresh(application)
        assert outcome.claimed and outcome.next_step_ids == [] and outcome.retry_in is None
        assert (step.status, step.error) == (StepStatus.NEEDS_REVIEW, REASON)
        assert application.status == ApplicationStatus.NEEDS_REVIEW
        assert REASON in application.status_note
