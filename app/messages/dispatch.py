"""Kick the send task for new outbox rows once the transaction that wrote them has committed.

`remember` notes the id of an outbox row as it is inserted; after the commit a session event
queues one send for them (never before: the worker must find the rows). A rollback forgets them.
If the queue cannot take the kick (broker down), the beat task sends the row a few seconds
later: the kick is for speed, the beat task is what guarantees delivery.

A request that sends some of its messages itself right after its commit (a signing link, a
code: `app.signing.delivery.deliver_now`) says so first (`send_here`): those are not kicked, so
no worker races it for them; the commit hands their ids to the request (`taken_here`). Should the
request die before sending them, the beat task does.
"""

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.messages.tasks import QUEUE, send

log = logging.getLogger(__name__)
_NEW = "kaiban_outbox_new"  # session.info keys: ids (→ their keys) flushed in the open transaction,
_HERE = "kaiban_outbox_here"  # the keys the request sends itself after the commit,
_TAKEN = "kaiban_outbox_taken"  # and the ids of those the last commit stored


def remember(session: Session, message_id: int, key: str) -> None:
    """Kick `message_id` once the session's transaction commits (forgotten if it rolls back)."""
    session.info.setdefault(_NEW, {})[message_id] = key


def send_here(session: Session, keys: list[str]) -> None:
    """The messages under `keys` written before the next commit are sent by this request, not kicked."""
    session.info.setdefault(_HERE, set()).update(keys)


def taken_here(session: Session, keys: list[str]) -> list[int] | None:
    """The ids of the messages under `keys` that the last commit stored for this request to send
    (None when it was not told to keep them: ask the outbox)."""
    taken = session.info.pop(_TAKEN, None)
    if taken is None:
        return None
    wanted = set(keys)
    return sorted(message_id for message_id, key in taken.items() if key in wanted)


@event.listens_for(Session, "after_commit")
def _kick_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the rows are not committed yet
        return
    new, here = session.info.pop(_NEW, {}), session.info.pop(_HERE, set())
    session.info.pop(_TAKEN, None)
    if here:
        session.info[_TAKEN] = {message_id: key for message_id, key in new.items() if key in here}
    ids = sorted(message_id for message_id, key in new.items() if key not in here)
    if ids and has_app_context():
        kick(ids)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed (popped above) or rolled back
        session.info.pop(_NEW, None)
        session.info.pop(_HERE, None)


def kick(message_ids: list[int], countdown: float | None = None) -> None:
    """Queue one send for the messages of a commit (one publish, however many messages), in
    `countdown` seconds if given; a failure to queue is logged, never raised (the commit is done)."""
    celery = current_app.extensions.get("celery")
    if celery is None:
        return
    try:
        celery.send_task(send.name, args=(message_ids,), queue=QUEUE, countdown=countdown)
    except Exception:  # the broker is down: the beat task sends these within OUTBOX_SWEEP_SECONDS
        log.warning("could not queue outbox messages %s; the beat task will send them", message_ids, exc_info=True)
