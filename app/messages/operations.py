"""The writes of messages: add SMS and e-mail to the outbox in the caller's transaction (no commit).

A message is written with the change that causes it and sent by a task once that transaction
has committed (`app.messages.dispatch` kicks it; the beat task catches what a kick missed). Its
key makes a second add of the same message a no-op, and travels to the gateway as the
Idempotency-Key, so a message retried or taken over from a dead worker reaches a person once.
"""

import hmac
from collections.abc import Callable

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.messages import dispatch, texts
from app.messages.queries import application_by_number, contact_of, message_by_key
from app.models import Application, AuditEvent, MessageChannel, MessageStatus, OutboxMessage
from app.models.types import utcnow
from app.privacy.values import decrypt_value, encrypt_value, normalise_phone

__all__ = ["announce_status", "queue_email", "queue_sms", "send_tracking_link"]

KEY_MAX = 200  # outbox.idempotency_key
RESEND_WINDOW_SECONDS = 60  # two resend requests within this are one text


def queue_sms(phone: str, text: str, key: str, application: Application | None = None) -> OutboxMessage:
    """Add a text to `phone` under `key` (no commit); the message already there under that key, if any.

    `phone` may be given as stored in a form (sealed): it is opened, then sealed again in the outbox.
    """
    return _add(channel=MessageChannel.SMS, recipient=encrypt_value(normalise_phone(decrypt_value(phone))), subject=None,
                body=encrypt_value(text), idempotency_key=_checked(key),
                application_id=application.id if application is not None else None)


def queue_email(to: str, subject: str, body: str, key: str, application: Application | None = None) -> OutboxMessage:
    """Add an e-mail to `to` under `key` (no commit); the message already there under that key, if any."""
    return _add(channel=MessageChannel.EMAIL, recipient=encrypt_value(decrypt_value(to).strip()), subject=subject[:200],
                body=encrypt_value(body), idempotency_key=_checked(key),
                application_id=application.id if application is not None else None)


def _checked(key: str) -> str:
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"an outbox key is 1 to {KEY_MAX} characters: {key!r}")
    return key


def _add(**values: object) -> OutboxMessage:
    """INSERT … ON CONFLICT (idempotency_key) DO NOTHING in the session's transaction: a second add of
    the same message — in this transaction, a later one or a concurrent one — adds nothing. (No
    savepoint: on SQLite an outermost SAVEPOINT commits when released.)"""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    now = utcnow()
    added = db.session.scalars(
        insert(OutboxMessage).values(status=MessageStatus.PENDING, attempts=0, created_at=now, next_try_at=now,
                                     **values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage)  # the row itself: no second statement to read it back
    ).one_or_none()
    if added is None:  # there already, under this key
        return message_by_key(str(values["idempotency_key"]))
    dispatch.remember(db.session(), added.id, added.idempotency_key)  # kicked once this transaction commits
    return added


def announce_status(application: Application, event: AuditEvent, link: str) -> None:
    """Text the contact phone (and mail the contact e-mail, where given) that the application moved
    to `event.to_status`, with the number and `link` (the tracking address with the token)."""
    if event.to_status is None or event.to_status == event.from_status:
        return
    phone, email = contact_of(application)
    if not (phone or email):
        return
    if event.id is None:
        db.session.flush()  # the event's id makes the key: a retried task never sends twice
    key = f"status:{application.number}:{event.to_status}:{event.id}"
    if phone:
        queue_sms(phone, texts.status_sms(event.to_status, application.number, link), key + ":sms", application)
    if email:
        subject, body = texts.status_email(event.to_status, application.number, application.company_name, link)
        queue_email(email, subject, body, key + ":email", application)


def send_tracking_link(number: str, phone: str, link_for: Callable[[Application], str]) -> None:
    """Queue the tracking link to `phone` if, and only if, it is the contact phone of application
    `number`. Says nothing either way: the caller answers the same whatever happened."""
    application = application_by_number(number)
    contact_phone = contact_of(application)[0] if application is not None else ""
    typed = normalise_phone(phone)
    # compare_digest even when there is nothing to compare, so both ways take the same steps.
    matches = hmac.compare_digest(normalise_phone(contact_phone).encode(), typed.encode())
    if application is None or not contact_phone or not matches:
        return
    window = int(utcnow().timestamp()) // RESEND_WINDOW_SECONDS
    queue_sms(contact_phone, texts.tracking_link_sms(number, link_for(application)),
              f"resend-link:{number}:{window}", application)
