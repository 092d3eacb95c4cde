"""The writes of an application's own life: filing it, changing its status, recording an event.

None of them commits: the request or the task that calls them commits once.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.applications.tokens import new_number, tracking_link
from app.audit.operations import Actor, record_event
from app.extensions import db
from app.messages.operations import announce_status
from app.models import Application, ApplicationStatus, Channel, Pause
from app.models.lookup import record_digests
from app.models.types import utcnow
from app.rules import names as name_rules
from app.sla.lights import current_light, stamp_apply_clock

NUMBER_TRIES = 5


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


@dataclass
class Filed:
    application: Application
    created: bool


def digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def file_application(form: dict, channel: str = Channel.ONLINE, idempotency_key: str | None = None,
                     actor: Actor = "applicant") -> Filed:
    """Add a validated one-form payload as an application with a fresh public number (no commit).

    The same Idempotency-Key with the same body hands back the application filed before;
    with another body it raises IdempotencyConflict.
    """
    body_digest = digest(form)
    if idempotency_key:
        existing = db.session.scalar(select(Application).where(Application.idempotency_key == idempotency_key))
        if existing:
            return _replay(existing, body_digest)

    now = utcnow()
    name = form["name"]
    application = Application(
        channel=channel, entity_type=form["entity_type"],
        company_name=name_rules.full_name(name["region"], name["trade_name"], name["industry"], name["org_form"]),
        name_key=name_rules.name_key(name["region"], name["trade_name"], name["industry"]),
        form=form, idempotency_key=idempotency_key, request_digest=body_digest,
        # Every party signs before it is accepted (受理, `accept`): until then no clock, no due time.
        status=ApplicationStatus.AWAITING_SIGNATURES, submitted_at=now, due_at=None,
    )
    for _ in range(NUMBER_TRIES):
        application.number = new_number(now)
        try:
            with db.session.begin_nested():
                db.session.add(application)
            break
        except IntegrityError:
            if idempotency_key:  # a concurrent twin may have won the race for this key
                existing = db.session.scalar(
                    select(Application).where(Application.idempotency_key == idempotency_key))
                if existing:
                    return _replay(existing, body_digest)
    else:
        raise RuntimeError("could not draw a free application number")
    record_digests(application)  # keyed hashes of its ID numbers and phones, for the exact search
    event = record_event("submitted", actor, application, note=channel, to_status=application.status)
    announce_status(application, event, tracking_link(application, current_app.config["SECRET_KEY"]))  # the first text
    return Filed(application, created=True)


def _replay(existing: Application, body_digest: str) -> Filed:
    if existing.request_digest != body_digest:
        raise IdempotencyConflict(existing.number)
    return Filed(existing, created=False)


def accept(application: Application, actor: Actor, now: datetime | None = None) -> None:
    """受理: the last party has signed. The one-day clock starts now (the due time, the light, the
    clerk's queue and the statistics count from `accepted_at`); the caller queues the pipeline.

    After a correction the parties sign again (app.signing.requests): the last of those signatures
    ends the 补正 pause — the time to correct and to sign again is the applicant's, not the centre's —
    and the application goes on where it stopped, its due time moved by the paused working time."""
    now = now or utcnow()
    if application.accepted_at is not None:
        pauses = db.session.scalars(select(Pause).where(Pause.application_id == application.id)
                                    .order_by(Pause.started_at)).all()
        for pause in pauses:
            pause.ended_at = pause.ended_at or now
        stamp_apply_clock(application, application.accepted_at, [(p.started_at, p.ended_at) for p in pauses])
        change_status(application, ApplicationStatus.PROCESSING, actor, "signed_again")
        return
    application.accepted_at = now
    stamp_apply_clock(application, now)
    change_status(application, ApplicationStatus.SUBMITTED, actor, "accepted")


def change_status(application: Application, to_status: str, actor: Actor, action: str,
                  note: str | None = None) -> None:
    """Move the application to `to_status` and append the audit event."""
    event = record_event(action, actor, application, note, from_status=application.status, to_status=to_status)
    application.status = to_status
    application.light = current_light(application)  # 亮灯督办 follows every change, not only the periodic refresh
    if note is not None:
        application.status_note = note
    announce_status(application, event, tracking_link(application, current_app.config["SECRET_KEY"]))  # SMS/e-mail


def record(application: Application, actor: Actor, action: str, note: str | None = None) -> None:
    """An audit event that changes no status."""
    record_event(action, actor, application, note, from_status=application.status, to_status=application.status)


def hold_row(application: Application) -> None:
    """Hold the application's row until the transaction ends, so that two writers of one application
    (two parties signing, two corrections, two parallel steps recording) go one after the other and
    the later sees what the earlier committed: SELECT … FOR UPDATE on PostgreSQL; on SQLite a write
    that takes the database's write lock first."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Application.id).where(Application.id == application.id).with_for_update())
    else:
        _take_write_lock(application.id)


def _take_write_lock(application_id: int) -> None:
    """SQLite: a write that changes nothing, so the transaction holds the database's write lock."""
    db.session.execute(update(Application).where(Application.id == application_id)
                       .values(updated_at=Application.updated_at).execution_options(synchronize_session=False))


def hold_fresh(application_id: int) -> Application:
    """`hold_row`, then the application as it stands committed, its steps too (every row read again,
    not only the application's): what a writer that may have waited for another reads. One
    SELECT … FOR UPDATE on PostgreSQL; the object the session holds comes back."""
    query = select(Application).where(Application.id == application_id).execution_options(populate_existing=True)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    else:
        _take_write_lock(application_id)
    return db.session.scalars(query).one()
