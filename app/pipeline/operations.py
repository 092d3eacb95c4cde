"""The one way in and the one way on: file an application with its step rows; commit, then queue.

Every caller that files an application (the API, the form, 帮代办) calls `submit`; every request
or task that may have made steps runnable ends with `commit_and_queue`, so steps are queued only
after the transaction that made them runnable is committed.
"""

from app.applications.operations import Filed, IdempotencyConflict, file_application
from app.extensions import db
from app.models import Application, Channel, Step
from app.pipeline import plan
from app.pipeline.runner import mark_queued
from app.pipeline.tasks import send_steps

__all__ = ["IdempotencyConflict", "Filed", "commit_and_queue", "file_with_steps", "submit"]


def submit(form: dict, channel: str = Channel.ONLINE, idempotency_key: str | None = None,
           actor: str = "applicant") -> Filed:
    """File a validated form with its step rows, commit, and queue the first step.

    A repeated submission (same Idempotency-Key and body) is handed back as it was, queued again
    only if its first step was never queued.
    """
    filed = file_with_steps(form, channel, idempotency_key, actor)
    commit_and_queue(filed.application)
    return filed


def file_with_steps(form: dict, channel: str = Channel.ONLINE, idempotency_key: str | None = None,
                    actor: str = "applicant") -> Filed:
    """File the application and add one step row per planned step (no commit, nothing queued)."""
    filed = file_application(form, channel, idempotency_key, actor)
    if filed.created:
        application = filed.application
        for position, step in enumerate(plan.PLAN):
            db.session.add(Step(application_id=application.id, name=step.name, position=position,
                                idempotency_key=f"{application.number}-{step.name}"))
        db.session.flush()
    return filed


def commit_and_queue(application: Application) -> None:
    """Commit the request's or task's work, then queue the steps of `application` that may run now."""
    db.session.commit()
    send_steps(mark_queued(application))
