"""Kick the send task for new outbox rows once the transaction that wrote them has committed.

`remember` notes the id of an outbox row as it is inserted; after the commit a session event
queues one send for them (never before: the worker must find the rows). A rollback forgets them.
If the queue cannot take the kick (broker down), the beat task sends the row a few seconds
later: the kick is for speed, the beat task is what guarantees delivery.
"""

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.messages.tasks import QUEUE, send

log = logging.getLogger(__name__)
_NEW = "kaiban_outbox_new"  # session.info key: ids flushed in the open transaction


def remember(session: Session, message_id: int) -> None:
    """Kick `message_id` once the session's transaction commits (forgotten if it rolls back)."""
    session.info.setdefault(_NEW, set()).add(message_id)


@event.listens_for(Session, "after_commit")
def _kick_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the rows are not committed yet
        return
    ids = session.info.pop(_NEW, None)
    if ids and has_app_context():
        kick(sorted(ids))


@event.listens_for(Session, "after_transaction_end")
def _forget_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed (popped above) or rolled back
        session.info.pop(_NEW, None)


def kick(message_ids: list[int]) -> None:
    """Queue one send for the messages of a commit (one publish, however many messages); a failure
    to queue is logged, never raised (the commit is done)."""
    celery = current_app.extensions.get("celery")
    if celery is None:
        return
    try:
        celery.send_task(send.name, args=(message_ids,), queue=QUEUE)
    except Exception:  # the broker is down: the beat task sends these within OUTBOX_SWEEP_SECONDS
        log.warning("could not queue outbox messages %s; the beat task will send them", message_ids, exc_info=True)
