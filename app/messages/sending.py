"""Sending outbox messages: claim them with a lease, hand each to its gateway under its key, record.

Like a pipeline step: the claim is a conditional UPDATE (pending, due, and nobody's live lease),
so of two senders one wins; the messages of one commit are claimed in one statement and their
answers recorded in one transaction; a sender that dies leaves a lease that runs out, and the next sender
sends again under the same key, which the gateway answers as a replay, not a second message.
The write after sending is fenced on the attempt number.
"""

import logging
import random
import time
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
SWEEP_GROUP = 10  # messages the beat task claims at a time: a short batch under one lease


@dataclass(frozen=True)
class Outcome:
    """What the caller (a task) does next: nothing, or try again in `retry_in` seconds."""

    claimed: bool
    sent: bool = False
    retry_in: float | None = None


@dataclass(frozen=True)
class Outgoing:
    """What sending one message needs, read before any gateway is asked (values still sealed)."""

    id: int
    channel: str
    recipient: str
    subject: str | None
    body: str
    idempotency_key: str


def claim(message_ids: list[int], now: datetime, lease_seconds: int) -> dict[int, int]:
    """Take those of the messages that are pending, due and not leased by a live sender, in one
    statement and one commit: {id: attempt number} of the ones taken."""
    return {message.id: attempt for message, attempt in _take(message_ids, now, lease_seconds)}


def _take(message_ids: list[int], now: datetime, lease_seconds: int) -> list[tuple[Outgoing, int]]:
    """The claim, returning with each message taken what sending it needs (no second read)."""
    if not message_ids:
        return []
    claimable = and_(OutboxMessage.id.in_(message_ids), OutboxMessage.status == MessageStatus.PENDING,
                     OutboxMessage.next_try_at <= now,
                     or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
    taken = db.session.execute(
        update(OutboxMessage).where(claimable)
        .values(attempts=OutboxMessage.attempts + 1, lease_until=now + timedelta(seconds=lease_seconds))
        .returning(OutboxMessage.id, OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.subject,
                   OutboxMessage.body, OutboxMessage.idempotency_key, OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(((Outgoing(*row[:6]), row.attempts) for row in taken), key=lambda pair: pair[0].id)


def still_ours(message_id: int, attempt: int):
    """Fencing: our write counts only if nobody claimed the message again since we did."""
    return and_(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING,
                OutboxMessage.attempts == attempt)


def deliver(message: OutboxMessage | Outgoing) -> str:
    """Hand the message to its gateway; the gateway's reference. Raises Retryable or Refused."""
    recipient, body = decrypt_value(message.recipient), decrypt_value(message.body)
    if message.channel == MessageChannel.SMS:
        answer = sms_gateway().send(recipient, body, message.idempotency_key)
        return str(answer.get("reference") or "")
    return mail_client().send(recipient, message.subject or "", body, message.idempotency_key)


def send_one(message_id: int) -> Outcome:
    """Claim, send and record one message (commits)."""
    return send_many([message_id])[message_id]


def send_many(message_ids: list[int]) -> dict[int, Outcome]:
    """Claim the messages together, send each, then record every answer together: two commits
    however many (a status change's text and e-mail, a filing's links). The claim returns what the
    sends need and commits, so no transaction stays open while a gateway answers. The sends stop
    once half the lease has gone (slow gateways): the rest are handed back untried, so no other
    sender reclaims a message this one has sent but not yet recorded. Each write is fenced on its
    own attempt; one message that must wait or is refused does not hold the others back."""
    config = current_app.config
    lease = config["OUTBOX_LEASE_SECONDS"]
    taken = _take(sorted(set(message_ids)), utcnow(), lease)
    outcomes = {message_id: Outcome(claimed=False) for message_id in message_ids}
    stop_at = time.monotonic() + lease / 2
    writes = []
    for message, attempt in taken:
        if time.monotonic() > stop_at:
            outcomes[message.id], values = Outcome(claimed=True, retry_in=0.0), {"lease_until": None}
        else:
            outcomes[message.id], values = _send(message, attempt)
        writes.append((message.id, attempt, values))
    for message_id, attempt, values in writes:
        db.session.execute(update(OutboxMessage).where(still_ours(message_id, attempt)).values(**values))
    db.session.commit()  # a fenced write that changed no row: another sender took over after our lease
    return outcomes


def _send(message: Outgoing, attempt: int) -> tuple[Outcome, dict]:
    """Hand one claimed message over: what came of it, and the columns that record it."""
    try:
        reference = deliver(message)
    except Retryable as error:
        return _retry_later(message.id, attempt, str(error), error.retry_after)
    except Refused as error:  # a person must act (wrong number, no such mailbox): never retried
        return _give_up(message.id, f"{error.code}: {error.reason}")
    except Exception as error:  # a bug or a bad answer: visible and bounded, never stuck
        log.exception("outbox message %s crashed", message.id)
        return _retry_later(message.id, attempt, f"{type(error).__name__}: {error}")
    return Outcome(claimed=True, sent=True), {"status": MessageStatus.SENT, "sent_at": utcnow(), "lease_until": None,
                                              "reference": reference[:200], "last_error": None}


def backoff_seconds(attempt: int, base: float, cap: float, jitter: float, at_least: float | None = None) -> float:
    """Exponential backoff with jitter in [half, whole] of base·2^(attempt-1), capped, at least `at_least`."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return min(cap, max(ceiling * (0.5 + jitter / 2), at_least or 0.0))


def _retry_later(message_id: int, attempt: int, error: str, retry_after: float | None = None) -> tuple[Outcome, dict]:
    config = current_app.config
    if attempt >= config["OUTBOX_MAX_ATTEMPTS"]:
        return _give_up(message_id, f"gave up after {attempt} attempts: {error}")
    delay = backoff_seconds(attempt, config["RETRY_BASE_SECONDS"], config["RETRY_MAX_SECONDS"], random.random(),
                            at_least=retry_after)
    log.info("outbox message %s: retrying in %.1fs: %s", message_id, delay, error)
    return Outcome(claimed=True, retry_in=delay), {
        "lease_until": None, "last_error": error[:2000], "next_try_at": utcnow() + timedelta(seconds=delay)}


def _give_up(message_id: int, error: str) -> tuple[Outcome, dict]:
    log.warning("outbox message %s not sent: %s", message_id, error)
    return Outcome(claimed=True), {"status": MessageStatus.FAILED, "lease_until": None, "last_error": error[:2000]}


def send_due(limit: int | None = None) -> int:
    """Send what is due and unclaimed (the beat task's work); how many were sent."""
    config = current_app.config
    ids = due_message_ids(utcnow(), config["OUTBOX_SWEEP_SECONDS"], limit or config["OUTBOX_SWEEP_BATCH"])
    db.session.commit()  # end the read: the sends claim in transactions of their own
    sent = 0
    for start in range(0, len(ids), SWEEP_GROUP):
        sent += sum(outcome.sent for outcome in send_many(ids[start:start + SWEEP_GROUP]).values())
    return sent
