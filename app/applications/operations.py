"""The writes of an application's life that are not pipeline steps: submitting it."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.applications.tokens import new_number
from app.extensions import db
from app.models import Application, AuditEvent, Channel, Step
from app.models.types import utcnow
from app.pipeline import plan
from app.pipeline.sla import apply_due_at
from app.rules import names as name_rules

NUMBER_TRIES = 5


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


@dataclass
class Submitted:
    application: Application
    created: bool


def digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def submit(form: dict, channel: str = Channel.ONLINE, idempotency_key: str | None = None,
           actor: str = "applicant") -> Submitted:
    """Store a validated one-form payload with its step rows, and commit.

    The caller queues the first step after this returns (side effects after the commit).
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
        submitted_at=now, due_at=apply_due_at(now),
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
    for position, step in enumerate(plan.PLAN):
        db.session.add(Step(application_id=application.id, name=step.name, position=position,
                            idempotency_key=f"{application.number}-{step.name}"))
    db.session.add(AuditEvent(application_id=application.id, actor=actor, action="submitted",
                              from_status=None, to_status=application.status, note=channel))
    db.session.commit()
    return Submitted(application, created=True)


def _replay(existing: Application, body_digest: str) -> Submitted:
    if existing.request_digest != body_digest:
        raise IdempotencyConflict(existing.number)
    return Submitted(existing, created=False)
