"""The texts a person is waiting for right now — their signing link, their code — handed to the
gateway before the answer that says they were sent.

They are in the outbox like every message (written with the change, committed first). The
request says before its commit that it sends them itself (`send_here`), so the commit kicks no
worker for them, and sends each right after the commit (the outbox's claim and lease still make
sure only one sender does, and the key makes the gateway replay rather than send twice). One the
gateway asks to have again later goes to a worker with that delay; one a worker claimed first
(a repeated request) is waited for a moment. Best effort: whatever goes wrong here is logged and
left to a worker and the beat task; the change is committed, so the caller answers success regardless.
"""

import logging
import time

from sqlalchemy import select

from app.extensions import db
from app.messages import dispatch
from app.messages.sending import send_many
from app.models import MessageStatus, OutboxMessage

log = logging.getLogger(__name__)

WAIT_SECONDS = 3.0  # for a message a worker claimed first
POLL_SECONDS = 0.05


def round_suffix(signing_round: int | None) -> str:
    """What tells one round's texts from another's: nothing for the first (the keys it always had)."""
    return "" if (signing_round or 1) <= 1 else f":r{signing_round}"


def link_key(number: str, position: int, signing_round: int | None = 1) -> str:
    return f"signing-link:{number}:{position}{round_suffix(signing_round)}"


def link_keys(number: str, positions: list[int]) -> list[str]:
    """The first round's links (at filing)."""
    return [link_key(number, position) for position in positions]


def code_key(number: str, position: int, verifications: int, signing_round: int | None = 1) -> str:
    return f"signing-code:{number}:{position}:{verifications}{round_suffix(signing_round)}"


def send_here(keys: list[str]) -> None:
    """Before the commit that writes them: the messages under `keys` are sent by `deliver_now`."""
    dispatch.send_here(db.session(), keys)


def commit_and_deliver(keys: list[str]) -> None:
    """Commit the request's work, then send the messages under `keys` from here (no worker is kicked for them)."""
    send_here(keys)
    db.session.commit()
    deliver_now(keys)


def deliver_now(keys: list[str], wait_seconds: float = WAIT_SECONDS) -> None:
    """Send the outbox messages under `keys` now (after the commit that wrote them)."""
    taken = dispatch.taken_here(db.session(), keys)
    try:
        ids = taken if taken is not None else _pending(keys)
        waiting = []
        for message_id, outcome in send_many(ids).items():
            if not outcome.claimed:
                waiting.append(message_id)
            elif outcome.retry_in is not None and taken is not None:
                dispatch.kick([message_id], countdown=outcome.retry_in)
        _wait_for_workers(waiting, wait_seconds)
    except Exception as error:  # stored already: a worker sends it
        db.session.rollback()
        log.warning("signing texts %s left to the worker (%s: %s)", keys, type(error).__name__, str(error)[:200])
        if taken:
            dispatch.kick(taken)


def _pending(keys: list[str]) -> list[int]:
    ids = list(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.idempotency_key.in_(keys),
                                                                 OutboxMessage.status == MessageStatus.PENDING)))
    db.session.commit()  # end the read: the sends claim in a transaction of their own
    return ids


def _wait_for_workers(ids: list[int], wait_seconds: float) -> None:
    """Until the messages a worker claimed first are sent, or wait_seconds."""
    deadline = time.monotonic() + wait_seconds
    while ids and time.monotonic() < deadline:
        ids = list(db.session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.id.in_(ids), OutboxMessage.status == MessageStatus.PENDING,
            OutboxMessage.lease_until.is_not(None))))  # claimed by a worker, not sent yet
        db.session.commit()
        if ids:
            time.sleep(POLL_SECONDS)
