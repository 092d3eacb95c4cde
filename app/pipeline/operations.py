"""The one way in and the one way on: file an application with its step rows; commit, then queue.

Every caller that files an application (the API, the form, 帮代办) calls `submit`: the application
is filed awaiting every party's signature (app.signing asks them by SMS) and nothing is queued.
Every request or task that may have made steps runnable ends with `commit_and_queue` — the last
signature (受理) among them — so steps are queued only after the transaction that made them
runnable is committed, and never for an application that is not accepted yet.

Once that commit has succeeded the work is stored, and the caller answers so (201 with the number
and token): nothing after the commit may turn it into an error. Marking the steps queued and
sending their messages are tried once; when the database or the broker fails there, a WARNING
names the application and the sweeper queues its steps (REQUEUE_AFTER_SECONDS).
"""

import logging

from flask import current_app

from app.applications.operations import Filed, IdempotencyConflict, file_application
from app.extensions import db
from app.models import Application, ApplicationStatus, Channel, Step
from app.pipeline import plan
from app.pipeline.runner import mark_queued
from app.pipeline.tasks import send_steps
from app.signing.delivery import deliver_now, link_keys, send_here
from app.signing.queries import signatures_of
from app.signing.requests import request_signatures

log = logging.getLogger(__name__)

__all__ = ["IdempotencyConflict", "Filed", "commit_and_queue", "file_with_steps", "submit"]


def submit(form: dict, channel: str = Channel.ONLINE, idempotency_key: str | None = None,
           actor: str = "applicant") -> Filed:
    """File a validated form with its step rows and its signature requests, and commit; nothing is
    queued until the last party has signed.

    A repeated submission (same Idempotency-Key and body) is handed back as it was, queued again
    only if it was accepted and its first step was never queued.
    """
    filed = file_with_steps(form, channel, idempotency_key, actor)
    # Read before the commit: after it nothing may ask the database and fail (the answer is a 201).
    links = (link_keys(filed.application.number, [s.position for s in signatures_of(filed.application)])
             if filed.created else [])
    send_here(links)  # the commit kicks no worker for them: they are sent from here, right after it
    commit_and_queue(filed.application)
    if filed.created:  # the parties' links reach their phones before the answer says they were sent
        deliver_now(links)  # best effort: whatever fails is logged and left to the worker
    return filed


def file_with_steps(form: dict, channel: str = Channel.ONLINE, idempotency_key: str | None = None,
                    actor: str = "applicant") -> Filed:
    """File the application awaiting signatures: one step row per planned step, the filing documents,
    one signature request (and its SMS) per party (no commit, nothing queued)."""
    filed = file_application(form, channel, idempotency_key, actor)
    if filed.created:
        application = filed.application
        for position, step in enumerate(plan.steps_for(application.entity_type, current_app.config)):
            db.session.add(Step(application_id=application.id, name=step.name, position=position,
                                idempotency_key=f"{application.number}-{step.name}"))
        db.session.flush()
        request_signatures(application)
    return filed


def commit_and_queue(application: Application) -> None:
    """Commit the request's or task's work, then queue the steps of `application` that may run now.

    Only the commit may raise. The objects are not expired by it, so the answer (number, status,
    due time) is read from what was just stored without asking the database again.
    """
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
        number = application.number
        if application.status in ApplicationStatus.UNACCEPTED:  # its parties have not all signed
            return
        try:
            step_ids = mark_queued(application)
        except Exception as error:  # the database went away after the commit: stored, so still a success
            cause = getattr(error, "orig", None) or error  # the driver's words, not the statement
            log.warning("application %s stored but its steps could not be marked queued (%s: %s); "
                        "the sweeper will queue them", number, type(cause).__name__, str(cause)[:200])
            return  # the failed transaction is rolled back when the request ends
        unsent = send_steps(step_ids)
        if unsent:
            log.warning("application %s stored but steps %s could not be queued (broker unavailable); "
                        "the sweeper will queue them", number, unsent)
    finally:
        session.expire_on_commit = expire_on_commit
