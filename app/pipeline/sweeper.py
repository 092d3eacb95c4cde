"""The sweeper: finds steps whose message was lost or whose worker died, and queues them again."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from app.extensions import db
from app.models import Application, ApplicationStatus, Step, StepStatus
from app.models.types import utcnow
from app.pipeline.runner import mark_queued


def sweep() -> list[int]:
    """Return the ids of steps to queue now (already marked queued)."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["REQUEUE_AFTER_SECONDS"])
    lost = db.session.scalars(
        select(Step.id).join(Application).where(
            Application.status.in_((ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING,
                                    ApplicationStatus.NEEDS_REVIEW, ApplicationStatus.READY_FOR_ISSUE)),
            or_(
                and_(Step.status == StepStatus.RUNNING, Step.lease_until < now),
                and_(Step.status == StepStatus.PENDING, Step.queued_at < stale),
                and_(Step.status == StepStatus.RETRYING, Step.next_attempt_at < stale, Step.queued_at < stale),
            ),
        )
    ).all()
    if lost:
        db.session.execute(update(Step).where(Step.id.in_(lost)).values(queued_at=now))
        db.session.commit()
    # Applications whose first step was never queued (a crash between commit and send).
    orphans = db.session.scalars(
        select(Application).where(Application.status == ApplicationStatus.SUBMITTED,
                                  Application.submitted_at < stale)
    ).all()
    fresh = [step_id for application in orphans for step_id in mark_queued(application)]
    return list(lost) + fresh
