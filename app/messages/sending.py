"""Sending one outbox message: claim it with a lease, hand it to the gateway under its key, record.

Like a pipeline step: the claim is a conditional UPDATE (pending, due, and nobody's live lease),
so of two senders one wins; a sender that dies leaves a lease that runs out, and the next sender
sends again under the same key, which the gateway answers as a replay, not a second message.
The write after sending is fenced on the attempt number.
"""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, update

from app.extensions import db
from app.messages.queries import due_message_ids
from app.models import MessageChannel, MessageStatus, OutboxMessage
from app.models.types import utcnow
from app.privacy.values import decrypt_value
from integrations.base import Refused, Retryable
from integrations.registry import mail_client, sms_gateway

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the caller (a task) does next: nothing, or try again in `retry_in` seconds."""

    claimed: bool
    sent: bool = False
    retry_in: float | None = None


def claim(message_id: int, now: datetime, lease_seconds: int) -> int | None:
    """Take the message if it is pending, due and not leased by a live sender; the attempt number."""
    claimable = and_(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING,
                     OutboxMessage.next_try_at <= now,
                     or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
    attempt = db.session.execute(
        update(OutboxMessage).where(claimable)
        .values(attempts=OutboxMessage.attempts + 1, lease_until=now + timedelta(seconds=lease_seconds))
        .returning(OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()
    return attempt


def still_ours(message_id: int, attempt: int):
    """Fencing: our write counts only if nobody claimed the message again since we did."""
    return and_(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING,
                OutboxMessage.attempts == attempt)


def deliver(message: OutboxMessage) -> str:
    """Hand the message to its gateway; the gateway's reference. Raises Retryable or Refused."""
    recipient, body = decrypt_value(message.recipient), decrypt_value(message.body)
    if message.channel == MessageChannel.SMS:
        answer = sms_gateway().send(recipient, body, message.idempotency_key)
        return str(answer.get("reference") or "")
    return mail_client().send(recipient, message.subject or "", body, message.idempotency_key)


def send_one(message_id: int) -> Outcome:
    """Claim, send and record one message (commits)."""
    config = current_app.config
    attempt = claim(message_id, utcnow(), config["OUTBOX_LEASE_SECONDS"])
    if attempt is None:
        return Outcome(claimed=False)
    message = db.session.get(OutboxMessage, message_id)
    try:
        reference = deliver(message)
    except Retryable as error:
        return _retry_later(message_id, attempt, str(error), error.retry_after)
    except Refused as error:  # a person must act (wrong number, no such mailbox): never retried
        return _give_up(message_id, attempt, f"{error.code}: {error.reason}")
    except Exception as error:  # a bug or a bad answer: visible and bounded, never stuck
        log.exception("outbox message %s crashed", message_id)
        db.session.rollback()
        return _retry_later(message_id, attempt, f"{type(error).__name__}: {error}")
    db.session.execute(update(OutboxMessage).where(still_ours(message_id, attempt)).values(
        status=MessageStatus.SENT, sent_at=utcnow(), lease_until=None, reference=reference[:200], last_error=None))
    db.session.commit()  # no row changed: another sender took over after our lease and sent it itself
    return Outcome(claimed=True, sent=True)


def backoff_seconds(attempt: int, base: float, cap: float, jitter: float, at_least: float | None = None) -> float:
    """Exponential backoff with jitter in [half, whole] of base·2^(attempt-1), capped, at least `at_least`."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return min(cap, max(ceiling * (0.5 + jitter / 2), at_least or 0.0))


def _retry_later(message_id: int, attempt: int, error: str, retry_after: float | None = None) -> Outcome:
    config = current_app.config
    if attempt >= config["OUTBOX_MAX_ATTEMPTS"]:
        return _give_up(message_id, attempt, f"gave up after {attempt} attempts: {error}")
    delay = backoff_seconds(attempt, config["RETRY_BASE_SECONDS"], config["RETRY_MAX_SECONDS"], random.random(),
                            at_least=retry_after)
    db.session.execute(update(OutboxMessage).where(still_ours(message_id, attempt)).values(
        lease_until=None, last_error=error[:2000], next_try_at=utcnow() + timedelta(seconds=delay)))
    db.session.commit()
    log.info("outbox message %s: retrying in %.1fs: %s", message_id, delay, error)
    return Outcome(claimed=True, retry_in=delay)


def _give_up(message_id: int, attempt: int, error: str) -> Outcome:
    db.session.execute(update(OutboxMessage).where(still_ours(message_id, attempt)).values(
        status=MessageStatus.FAILED, lease_until=None, last_error=error[:2000]))
    db.session.commit()
    log.warning("outbox message %s not sent: %s", message_id, error)
    return Outcome(claimed=True)


def send_due(limit: int | None = None) -> int:
    """Send what is due and unclaimed (the beat task's work); how many were sent."""
    config = current_app.config
    ids = due_message_ids(utcnow(), config["OUTBOX_SWEEP_SECONDS"], limit or config["OUTBOX_SWEEP_BATCH"])
    db.session.commit()  # end the read: each send claims in a transaction of its own
    return sum(send_one(message_id).sent for message_id in ids)
