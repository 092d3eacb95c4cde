"""Running one step: claim it atomically, call the agency, record the answer.

Queue messages only say "run step N". Everything else is read from and written to the step
rows, so a lost, repeated or late message changes nothing: a repeated message finds the step
already claimed or done, and an agency asked twice with the same Idempotency-Key answers the
first answer again.

One commit records a step: its answer, what the answer means for the application, the steps it
makes runnable marked queued — and, when the caller lets it keep one (the Celery task does), one
of those claimed for this worker under a fresh lease, so it runs next here without a trip through
the broker. That claim is as durable as any: if the worker dies, the lease runs out and the
sweeper queues the step again. The application's row is locked first, so two steps of one
application finishing at once record one after the other, and the later sees the earlier done.
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, literal, or_, select, update

from app.applications.operations import change_status, hold_fresh, record
from app.extensions import db
from app.models import Application, ApplicationStatus, Step, StepStatus
from app.models.types import UTCDateTime, utcnow
from app.pipeline import plan
from app.pipeline.executors import EXECUTORS, Postponed
from app.refusal import Refusal
from integrations.base import Refused, Retryable

log = logging.getLogger(__name__)
SYSTEM = "system"


@dataclass
class Outcome:
    """What the caller (a Celery task) must queue after a step ran: the next steps, or this one
    again in `retry_in` seconds (`step_id` is the step that ran last: with a kept step, not the first)."""

    claimed: bool
    next_step_ids: list[int] = field(default_factory=list)
    retry_in: float | None = None
    step_id: int | None = None
    kept: tuple[int, int] | None = None  # (step id, attempt) claimed for this worker in the same commit


def claim(step_id: int, now: datetime, lease_seconds: int) -> int | None:
    """Take the step if it is due and nobody holds a live lease; returns the attempt number."""
    claimable = or_(
        and_(Step.status.in_((StepStatus.PENDING, StepStatus.RETRYING)),
             or_(Step.next_attempt_at.is_(None), Step.next_attempt_at <= now)),
        and_(Step.status == StepStatus.RUNNING, Step.lease_until < now),
    )
    attempt = _take(and_(Step.id == step_id, claimable), now, lease_seconds)
    db.session.commit()
    return attempt


def _take(which, now: datetime, lease_seconds: int) -> int | None:
    """The claim itself, in the caller's transaction: running under a fresh lease, one attempt more."""
    return db.session.execute(
        update(Step)
        .where(which)
        .values(status=StepStatus.RUNNING, attempts=Step.attempts + 1, queued_at=None,
                lease_until=now + timedelta(seconds=lease_seconds),
                started_at=func.coalesce(Step.started_at, literal(now, UTCDateTime())))
        .returning(Step.attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def still_ours(step_id: int, attempt: int):
    """Fencing: our write counts only if nobody re-claimed the step since we did."""
    return and_(Step.id == step_id, Step.status == StepStatus.RUNNING, Step.attempts == attempt)


def run_step(step_id: int, send: Callable[[list[int]], object] | None = None) -> Outcome:
    """Run the step. With `send` (the broker's publisher), keep running the next step this one makes
    runnable — sending the others at once — until none is left; without it, return them all."""
    attempt = claim(step_id, utcnow(), current_app.config["STEP_LEASE_SECONDS"])
    if attempt is None:
        return Outcome(claimed=False, step_id=step_id)
    while True:
        outcome = run_claimed(step_id, attempt, keep_one=send is not None)
        if outcome.kept is None:
            return outcome
        if outcome.next_step_ids:
            send(outcome.next_step_ids)
        step_id, attempt = outcome.kept


def run_claimed(step_id: int, attempt: int, keep_one: bool = False) -> Outcome:
    """Run a step this worker holds under `attempt`: call its agency, then record the answer."""
    return replace(_run_claimed(step_id, attempt, keep_one), step_id=step_id)


def _run_claimed(step_id: int, attempt: int, keep_one: bool) -> Outcome:
    step = db.session.get(Step, step_id, populate_existing=True)
    application = step.application
    if application.status == ApplicationStatus.SUBMITTED:
        change_status(application, ApplicationStatus.PROCESSING, SYSTEM, "pipeline_started")
        db.session.commit()
    if application.status not in ApplicationStatus.STEPS_RUN:
        return _leave_for_later(step_id, attempt)

    try:
        answer = EXECUTORS[step.name](step, application)
    except Retryable as error:
        return _retry_later(step, attempt, str(error) or type(error).__name__, error.retry_after)
    except Refused as error:
        return _refused(step, attempt, error.reason, {**error.details, "code": error.code, "status": error.status})
    except Refusal as error:  # our own refusal (e.g. a step's inputs are missing): a person decides too
        return _refused(step, attempt, error.message, {})
    except Exception as error:  # a bug or a bad answer: keep it visible and bounded, never stuck
        log.exception("step %s of %s crashed", step.name, application.number)
        db.session.rollback()
        return _retry_later(db.session.get(Step, step_id), attempt, f"{type(error).__name__}: {error}")
    return record_answer(step_id, attempt, application.id, answer, keep_one)


def record_answer(step_id: int, attempt: int, application_id: int, answer, keep_one: bool) -> Outcome:
    """The one commit of a step that answered: done, applied, the next steps queued (one kept)."""
    try:
        # A clerk may have decided while the agency was answering: read the application afresh, and
        # hold its row so that a sibling step recording at the same time waits for this commit.
        application = hold_fresh(application_id)
        done = db.session.execute(
            update(Step).where(still_ours(step_id, attempt)).values(
                status=StepStatus.DONE, reference=answer.reference, result=answer.result, error=None,
                agency_ms=answer.agency_ms, finished_at=utcnow(), lease_until=None)
            .execution_options(synchronize_session="evaluate")  # the step just read above says done too
        )
        if done.rowcount != 1:  # someone else took over after our lease ran out
            db.session.rollback()
            return Outcome(claimed=True)
        if answer.apply:
            answer.apply(application)
        db.session.flush()
        next_ids = _queue_runnable(application, application.steps)  # as read under the lock, this one done
        kept = _keep(next_ids[0]) if keep_one and next_ids and application.status in ApplicationStatus.STEPS_RUN \
            else None
        db.session.commit()
    except Postponed:
        db.session.rollback()
        return _leave_for_later(step_id, attempt)
    except Exception as error:  # recording the answer failed: retry (the agency replays it), bounded
        log.exception("recording step %s of application %s failed", step_id, application_id)
        db.session.rollback()  # the step is still running under our attempt
        return _retry_later(db.session.get(Step, step_id), attempt, f"{type(error).__name__}: {error}")
    if kept is not None:
        return Outcome(claimed=True, next_step_ids=[i for i in next_ids if i != kept[0]], kept=kept)
    return Outcome(claimed=True, next_step_ids=next_ids)


def _keep(step_id: int) -> tuple[int, int] | None:
    """Claim a step just marked queued for this worker, in the caller's transaction (None if taken)."""
    attempt = _take(and_(Step.id == step_id, Step.status == StepStatus.PENDING), utcnow(),
                    current_app.config["STEP_LEASE_SECONDS"])
    return None if attempt is None else (step_id, attempt)


def flag_for_review(application: Application, action: str, note: str) -> None:
    """Send the application to the clerk — unless a clerk has already taken it elsewhere
    (rejected, withdrawn, sent back for correction) while the agency was answering."""
    db.session.refresh(application)
    if application.status in ApplicationStatus.STEPS_RUN:
        change_status(application, ApplicationStatus.NEEDS_REVIEW, SYSTEM, action, note)
    else:
        record(application, SYSTEM, action, note)


def _leave_for_later(step_id: int, attempt: int) -> Outcome:
    """Withdrawn, rejected or waiting for the applicant: the step waits, unqueued, until the
    application moves on (the correction's resubmission queues it again)."""
    db.session.execute(update(Step).where(still_ours(step_id, attempt))
                       .values(status=StepStatus.PENDING, lease_until=None))
    db.session.commit()
    return Outcome(claimed=True)


def _retry_later(step: Step, attempt: int, error: str, retry_after: float | None = None) -> Outcome:
    """Try again after a backoff, or fail for a clerk once the attempts run out; an agency's
    Retry-After (429/503) makes the wait at least that long, still capped by RETRY_MAX_SECONDS."""
    config = current_app.config
    if attempt >= (step.attempts_allowed or config["STEP_MAX_ATTEMPTS"]):
        db.session.execute(update(Step).where(still_ours(step.id, attempt)).values(
            status=StepStatus.FAILED, error=error, lease_until=None))
        flag_for_review(step.application, "step_failed", f"{step.name}: {error}")
        db.session.commit()
        return Outcome(claimed=True)
    delay = plan.backoff_seconds(attempt, config["RETRY_BASE_SECONDS"], config["RETRY_MAX_SECONDS"],
                                 random.random(), at_least=retry_after)
    db.session.execute(update(Step).where(still_ours(step.id, attempt)).values(
        status=StepStatus.RETRYING, error=error, lease_until=None,
        next_attempt_at=utcnow() + timedelta(seconds=delay), queued_at=utcnow()))
    db.session.commit()
    log.info("step %s of %s retrying in %.1fs: %s", step.name, step.application.number, delay, error)
    return Outcome(claimed=True, retry_in=delay)


def _refused(step: Step, attempt: int, reason: str, refusal: dict) -> Outcome:
    """A person decides: the step keeps why (`result.refusal`: the agency's code, status and details;
    empty for our own refusal), so the clerk's page and the tracking page can tell one refusal from another."""
    db.session.execute(update(Step).where(still_ours(step.id, attempt)).values(
        status=StepStatus.NEEDS_REVIEW, error=reason, result={"refusal": refusal}, lease_until=None,
        finished_at=utcnow()))
    flag_for_review(step.application, "agency_refused", f"{step.name}: {reason}")
    db.session.commit()
    return Outcome(claimed=True)


def mark_queued(application: Application) -> list[int]:
    """Mark the steps that may run now as queued and return their ids (after a commit)."""
    ids = _queue_runnable(application)
    if ids:
        db.session.commit()
    return ids


def _queue_runnable(application: Application, steps: list[Step] | None = None) -> list[int]:
    """Mark the steps that may run now as queued, in the caller's transaction; their ids in plan order.
    `steps`: the application's step rows as the caller has just read them (else read here).

    A step the application has no row for is not applicable to it (its entity type does not register
    it, or it was filed before the step existed): the steps after it do not wait for it."""
    if steps is None:
        steps = db.session.scalars(select(Step).where(Step.application_id == application.id)
                                   .execution_options(populate_existing=True)).all()
    shape = plan.for_config(current_app.config)
    done = plan.settled({s.name for s in steps if s.status == StepStatus.DONE}, {s.name for s in steps}, shape)
    waiting = {s.name for s in steps if s.status == StepStatus.PENDING and s.queued_at is None}
    names = plan.runnable(done, waiting, shape)
    if not names:
        return []
    by_name = {s.name: s.id for s in steps}
    marked = set(db.session.scalars(
        update(Step).where(Step.id.in_([by_name[name] for name in names]), Step.queued_at.is_(None))
        .values(queued_at=utcnow()).returning(Step.id).execution_options(synchronize_session=False)))
    return [by_name[name] for name in names if by_name[name] in marked]  # not those the sweeper marked first
