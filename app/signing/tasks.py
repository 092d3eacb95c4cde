"""Celery beat task of signing: reminders before the deadline, withdrawal when it passes.

Every SIGNING_SWEEP_SECONDS (app/queue.py). Each application is one transaction of its own, under its
row lock (skipped on PostgreSQL when another worker holds it), committed before the next: the texts
it writes go out after that commit (the outbox). A run that dies half-way leaves the rest for the
next; a run that repeats finds the work done (the reminders' outbox keys, the status).
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from celery import shared_task

from app.extensions import db
from app.models.types import utcnow
from app.signing import lifecycle

log = logging.getLogger(__name__)


@dataclass
class Swept:
    reminded: list[str] = field(default_factory=list)  # outbox keys of the reminders queued
    withdrawn: list[int] = field(default_factory=list)  # ids of the applications withdrawn


def sweep(now: datetime | None = None) -> Swept:
    """Remind the parties whose links run out soon, then withdraw what ran out; `now` for a moved clock."""
    now = now or utcnow()
    swept = Swept()
    for application_id in lifecycle.applications_to_remind(now):
        swept.reminded += _one(lifecycle.remind_parties, application_id, now) or []
    for application_id in lifecycle.applications_expired(now):
        if _one(lifecycle.withdraw_if_expired, application_id, now):
            swept.withdrawn.append(application_id)
    db.session.commit()  # end the last read
    return swept


def _one(work, application_id: int, now: datetime):
    """One application's work in a transaction of its own; a failure is logged and left for the next run."""
    try:
        done = work(application_id, now)
        db.session.commit()
        return done
    except Exception:
        db.session.rollback()
        log.exception("signing deadline work %s on application %s failed; the next run tries again",
                      work.__name__, application_id)
        return None


@shared_task(name="signing.sweep", ignore_result=True)
def sweep_deadlines() -> None:
    """Celery beat: `sweep` now."""
    swept = sweep()
    if swept.reminded or swept.withdrawn:
        log.info("signing: %d reminders queued, %d applications withdrawn at the deadline",
                 len(swept.reminded), len(swept.withdrawn))
