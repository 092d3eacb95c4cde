"""The sweeper finds what a crash left behind — and nothing else."""

from datetime import timedelta

from app.extensions import db
from app.models import StepStatus
from app.models.types import utcnow
from app.pipeline import runner, sweeper
from forms.schema import validate_application
from tests.factories import example_payload, filed_application


def submitted(app, signed: bool = True):
    """An application filed and, unless told, signed by every party (accepted); nothing queued."""
    with app.test_request_context():
        form, errors = validate_application(example_payload())
        assert not errors
        return filed_application(form, signed=signed)


def test_an_application_awaiting_signatures_is_left_alone(app):
    app.config["REQUEUE_AFTER_SECONDS"] = 0
    with app.app_context():
        application = submitted(app, signed=False)
        assert sweeper.sweep() == []  # nothing runs before the last party has signed
        db.session.refresh(application)
        assert all(step.queued_at is None for step in application.steps)


def test_an_application_whose_first_message_was_never_sent_is_queued(app):
    app.config["REQUEUE_AFTER_SECONDS"] = 0
    with app.app_context():
        application = submitted(app)
        first = application.step("name_approval")
        assert sweeper.sweep() == [first.id]
        app.config["REQUEUE_AFTER_SECONDS"] = 60
        assert sweeper.sweep() == []  # queued just now: give the worker its minute
        db.session.refresh(first)
        assert first.queued_at is not None


def test_a_step_whose_worker_died_is_queued_once_its_lease_runs_out(app):
    app.config["REQUEUE_AFTER_SECONDS"] = 60
    with app.app_context():
        application = submitted(app)
        step = application.step("name_approval")
        assert runner.claim(step.id, utcnow(), lease_seconds=60) == 1
        assert sweeper.sweep() == []  # the lease is alive: someone is working on it
        assert runner.claim(step.id, utcnow(), lease_seconds=60) is None  # nobody else may take it
        db.session.refresh(step)
        step.lease_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert sweeper.sweep() == [step.id]
        assert runner.claim(step.id, utcnow(), lease_seconds=60) == 2
        db.session.refresh(step)
        assert step.status == StepStatus.RUNNING and step.attempts == 2


def test_steps_left_unqueued_by_a_crash_after_their_prerequisite_are_queued(app):
    """The worker finished registration and died before queuing the parallel steps."""
    app.config["REQUEUE_AFTER_SECONDS"] = 0
    with app.app_context():
        application = submitted(app)
        for name in ("name_approval", "registration"):
            application.step(name).status = StepStatus.DONE
        db.session.commit()
        parallel = {application.step(n).id for n in ("seal_carving", "tax_registration", "bank_account",
                                                     "social_insurance", "housing_fund", "licence")}
        assert set(sweeper.sweep()) == parallel
        app.config["REQUEUE_AFTER_SECONDS"] = 60
        assert sweeper.sweep() == []


def test_a_step_an_application_has_no_row_for_does_not_hold_up_the_sweep(app):
    """Filed before the employer steps existed (or an individual business): documents is swept once the
    steps the application has are done (needs app/pipeline/sweeper.py to count only unfinished rows)."""
    app.config["REQUEUE_AFTER_SECONDS"] = 0
    with app.app_context():
        application = submitted(app)
        for step in list(application.steps):
            if step.name in ("social_insurance", "housing_fund"):
                db.session.delete(step)
            elif step.name not in ("documents", "shipment"):
                step.status = StepStatus.DONE
        db.session.commit()
        assert sweeper.sweep() == [application.step("documents").id]


def test_where_the_housing_fund_needs_the_bank_account_it_is_not_swept_before_the_bank(app):
    app.config |= {"REQUEUE_AFTER_SECONDS": 0, "HOUSING_FUND_NEEDS_BANK_ACCOUNT": True}
    with app.app_context():
        application = submitted(app)
        for name in ("name_approval", "registration"):
            application.step(name).status = StepStatus.DONE
        db.session.commit()
        swept = set(sweeper.sweep())
        assert application.step("bank_account").id in swept and application.step("housing_fund").id not in swept
