"""The texts a person is waiting for right now — their signing link, their code — handed to the
gateway before the answer that says they were sent.

They are in the outbox like every message (written with the change, committed first), and the
after-commit kick queues them for a worker as usual; this only gets there first when it can: it
sends each one itself (the outbox's claim and lease make sure only one sender does, and the key
makes the gateway replay rather than send twice), or waits a moment for the worker that claimed it.
Best effort: whatever goes wrong here is logged and left to the worker and the beat task; the
change is committed, so the caller answers success regardless.
"""

import logging
import time

from sqlalchemy import select

from app.extensions import db
from app.messages.sending import send_one
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


def deliver_now(keys: list[str], wait_seconds: float = WAIT_SECONDS) -> None:
    """Send the outbox messages under `keys` now (after the commit that wrote them)."""
    try:
        ids = list(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.idempotency_key.in_(keys),
                                                                     OutboxMessage.status == MessageStatus.PENDING)))
        db.session.commit()  # end the read: each send claims in a transaction of its own
        for message_id in ids:
            send_one(message_id)
        deadline = time.monotonic() + wait_seconds
        while ids and time.monotonic() < deadline:
            ids = list(db.session.scalars(select(OutboxMessage.id).where(
                OutboxMessage.id.in_(ids), OutboxMessage.status == MessageStatus.PENDING,
                OutboxMessage.lease_until.is_not(None))))  # claimed by a worker, not sent yet
            db.session.commit()
            if ids:
                time.sleep(POLL_SECONDS)
    except Exception as error:  # stored and queued already: the worker sends it
        db.session.rollback()
        log.warning("signing texts %s left to the worker (%s: %s)", keys, type(error).__name__, str(error)[:200])
