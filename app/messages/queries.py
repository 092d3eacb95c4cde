"""Reads of the outbox and of whom an application's messages go to."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from app.extensions import db
from app.models import Application, MessageStatus, OutboxMessage
from app.privacy import decrypt_form


def contact_of(application: Application) -> tuple[str, str]:
    """(phone, e-mail) of the application's contact person, opened; "" where none is given."""
    contact = decrypt_form(dict(application.form.get("contact") or {}))
    return str(contact.get("phone") or ""), str(contact.get("email") or "")


def application_by_number(number: str) -> Application | None:
    return db.session.scalar(select(Application).where(Application.number == number))


def message_by_key(idempotency_key: str) -> OutboxMessage | None:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key))


def due_message_ids(now: datetime, grace_seconds: float, limit: int) -> list[int]:
    """Messages nobody is sending that were due more than `grace_seconds` ago (their kick was lost,
    or their sender died): the beat task's share, oldest first."""
    due_before = now - timedelta(seconds=grace_seconds)
    return list(db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_try_at <= due_before,
               or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
        .order_by(OutboxMessage.next_try_at, OutboxMessage.id)
        .limit(limit)
    ))


def messages_for(application: Application) -> list[OutboxMessage]:
    """Every message about an application, oldest first."""
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.application_id == application.id).order_by(OutboxMessage.id)))
