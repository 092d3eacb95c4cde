"""A worker keeps one step it makes runnable: claimed in the commit that records the answer, run
next without the broker; the others are sent at once; the whole chain reaches ready in one commit a
step; a kept step whose worker died is the sweeper's like any other; a kept step taken meanwhile is
not run twice."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, select, update

from app.extensions import db
from app.models import Application, ApplicationStatus, Step, StepStatus
from app.models.types import utcnow
from app.pipeline import runner, sweeper
from app.pipeline.runner import mark_queued
from tests.factories import filed_application


def in_thread(call):
    """pyHanko's signing starts an event loop: run where none is (as tests.factories.run_pipeline)."""
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            return call()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def steps_by_name(application_id: int) -> dict[str, Step]:
    db.session.expire_all()
    return {s.name: s for s in db.session.scalars(select(Step).where(Step.application_id == application_id))}


def test_the_first_step_runs_on_through_registration_and_sends_the_parallel_ones(app):
    with app.app_context():
        application = filed_application()
        first = mark_queued(application)
        sent: list[list[int]] = []
        outcome = in_thread(lambda: runner.run_step(first[0], send=sent.append))
        steps = steps_by_name(application.id)
        assert steps["name_approval"].status == steps["registration"].status == StepStatus.DONE
        assert steps["registration"].attempts == 1  # claimed once: kept, not claimed from a message
        # the parallel wave: one kept and run here, every other one sent at once, marked queued
        wave = {"seal_carving", "tax_registration", "bank_account", "social_insurance", "housing_fund", "licence"}
        assert len(sent) == 1 and set(sent[0]) == {steps[n].id for n in wave} - {steps["seal_carving"].id}
        assert steps["seal_carving"].status == StepStatus.DONE
        assert all(steps[n].status == StepStatus.PENDING and steps[n].queued_at for n in wave - {"seal_carving"})
        assert outcome.next_step_ids == [] and outcome.kept is None and outcome.step_id == steps["seal_carving"].id


def test_the_last_parallel_step_keeps_the_documents_and_one_commit_records_each_step(app):
    with app.app_context():
        application = filed_application()
        sent: list[list[int]] = []
        queue = list(mark_queued(application))
        commits = []
        listener = lambda _connection: commits.append(1)  # noqa: E731
        event.listen(db.engine, "commit", listener)
        try:
            while queue:
                step_id = queue.pop(0)
                outcome = in_thread(lambda step_id=step_id: runner.run_step(step_id, send=sent.append))
                queue += outcome.next_step_ids + [i for ids in sent for i in ids]
                sent.clear()
        finally:
            event.remove(db.engine, "commit", listener)
        db.session.expire_all()
        assert db.session.get(Application, application.id).status == ApplicationStatus.READY_FOR_ISSUE
        steps = steps_by_name(application.id)
        assert all(s.status == StepStatus.DONE and s.attempts == 1 for s in steps.values()), steps
        # a claim for each step that came by message, one commit recording each step, the status once
        from_messages = 1 + 5  # the first step, and the five parallel steps not kept
        assert len(commits) == from_messages + len(steps) + 1  # (+1: 办理中, once)


def test_a_kept_step_whose_worker_died_is_swept_and_run_once(app):
    with app.app_context():
        application = filed_application()
        first = mark_queued(application)
        # the worker records name approval, keeps registration, and dies before running it
        attempt = runner.claim(first[0], utcnow(), 60)
        outcome = in_thread(lambda: runner.run_claimed(first[0], attempt, keep_one=True))
        registration = steps_by_name(application.id)["registration"]
        assert outcome.kept == (registration.id, 1) and registration.status == StepStatus.RUNNING
        assert registration.id not in sweeper.sweep()  # its lease is live: nobody else may take it
        db.session.execute(update(Step).where(Step.id == registration.id)
                           .values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert registration.id in sweeper.sweep()  # the lease ran out: queued again
        again = in_thread(lambda: runner.run_step(registration.id))
        registration = steps_by_name(application.id)["registration"]
        assert again.claimed and registration.status == StepStatus.DONE and registration.attempts == 2
        # the dead worker's claim is fenced off: recording under attempt 1 changes nothing
        late = in_thread(lambda: runner.run_claimed(registration.id, 1))
        assert late.next_step_ids == [] and steps_by_name(application.id)["registration"].attempts == 2
