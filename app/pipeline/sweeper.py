"""The sweeper: finds steps whose message was lost or whose worker died, and queues them again.

Three ways a step can be left behind, each found with one query:
- its worker died while running it: status running, lease expired;
- its message was lost, or never sent because the broker was down (the publish failed after the
  commit; app.pipeline.tasks.send_steps): pending or retrying, marked queued long ago, never claimed;
- it was never queued at all: its prerequisites are done, but the process that finished the
  last of them died before queuing it (or before queuing the first step after submit), or the
  database went away between the commit and marking it queued.
Both wait REQUEUE_AFTER_SECONDS (30 s; swept every SWEEP_INTERVAL_SECONDS, 15 s): at most ~45 s
late on a one-working-day clock, and never two messages for a step a worker is about to claim.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Application, ApplicationStatus, Step, StepStatus
from app.models.types import utcnow
from app.pipeline import plan


def sweep() -> list[int]:
    """Return the ids of steps to queue now (already marked queued)."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["REQUEUE_AFTER_SECONDS"])
    found = set(db.session.scalars(
        select(Step.id).join(Application).where(
            Application.status.in_(ApplicationStatus.STEPS_RUN),
            or_(
                and_(Step.status == StepStatus.RUNNING, Step.lease_until < now),
                and_(Step.status == StepStatus.PENDING, Step.queued_at < stale),
                and_(Step.status == StepStatus.RETRYING, Step.next_attempt_at < stale, Step.queued_at < stale),
            ),
        )
    ))
    for step_plan in plan.for_config(current_app.config):
        found.update(never_queued(step_plan, stale))
    if found:
        db.session.execute(update(Step).where(Step.id.in_(found)).values(queued_at=now))
        db.session.commit()
    return sorted(found)


def never_queued(step_plan: plan.StepPlan, stale: datetime) -> list[int]:
    """Pending steps of this kind, never queued, whose prerequisites are all done (a prerequisite the
    application has no row for is not applicable to it: app.pipeline.plan)."""
    needed = aliased(Step)
    unfinished_needs = (select(func.count()).where(needed.application_id == Step.application_id,
                                                   needed.name.in_(step_plan.needs),
                                                   needed.status != StepStatus.DONE)
                        .scalar_subquery())
    return list(db.session.scalars(
        select(Step.id).join(Application).where(
            Step.name == step_plan.name, Step.status == StepStatus.PENDING, Step.queued_at.is_(None),
            Application.status.in_(ApplicationStatus.STEPS_RUN), Application.submitted_at < stale,
            unfinished_needs == 0,
        )
    ))
