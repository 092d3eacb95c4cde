"""Celery tasks of the outbox: thin glue around `sending`. They take ids, never objects."""

from celery import shared_task

from app.messages import sending

# The queue every worker consumes (the pipeline's: Procfile, devstack), so no worker command
# has to change for messages to be sent.
QUEUE = "pipeline"
QUEUES = (QUEUE,)


@shared_task(name="messages.send", ignore_result=True, acks_late=True)
def send(message_ids: list[int]) -> None:
    """Send outbox messages (queued after the commit that wrote them); each again later if it must wait."""
    for message_id, outcome in sending.send_many(message_ids).items():
        if outcome.retry_in is not None:
            send.apply_async(([message_id],), countdown=outcome.retry_in, queue=QUEUE)


@shared_task(name="messages.send_due", ignore_result=True)
def send_due() -> None:
    """Celery beat, every OUTBOX_SWEEP_SECONDS: send whatever a lost kick or a dead worker left."""
    sending.send_due()
