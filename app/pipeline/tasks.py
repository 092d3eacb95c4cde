"""Celery tasks: thin glue around the runner and the sweeper. They take ids, never objects.

Queuing happens only after a commit, so a message that cannot be sent (the broker is down) is
logged and left to the sweeper — never raised: the work it follows is already stored.
"""

import logging

from celery import shared_task

from app.pipeline import runner, sweeper
from app.sla.lights import refresh_lights as refresh_stored_lights

QUEUE = "pipeline"  # every task goes here; `make run` and production workers consume it
QUEUES = (QUEUE,)

log = logging.getLogger(__name__)


@shared_task(name="pipeline.run_step", ignore_result=True, acks_late=True)
def run_step(step_id: int) -> None:
    """Run the step, and the next ones it makes runnable while one is left for this worker to keep
    (the others are sent at once, for other workers)."""
    outcome = runner.run_step(step_id, send=queue_now)
    queue_now(outcome.next_step_ids)
    if outcome.retry_in is not None and not send(outcome.step_id, countdown=outcome.retry_in):
        log.warning("retry of step %s not queued (broker unavailable); the sweeper will queue it", outcome.step_id)


def queue_now(step_ids: list[int]) -> None:
    unsent = send_steps(step_ids)
    if unsent:
        log.warning("steps %s not queued (broker unavailable); the sweeper will queue them", unsent)


@shared_task(name="pipeline.refresh_lights", ignore_result=True)
def refresh_lights() -> None:
    """亮灯督办: the stored lights follow the clock even when nothing else happens."""
    refresh_stored_lights()


@shared_task(name="pipeline.sweep", ignore_result=True)
def sweep() -> None:
    unsent = send_steps(sweeper.sweep())
    if unsent:
        log.warning("steps %s not queued (broker unavailable); swept again after REQUEUE_AFTER_SECONDS", unsent)


def send(step_id: int, countdown: float | None = None) -> bool:
    """Queue one step; False (with the error logged) when the broker does not take the message.

    How long a failing publish may take is bounded in app/queue.py (BROKER_* settings).
    """
    try:
        run_step.apply_async((step_id,), countdown=countdown, queue=QUEUE)
    except Exception:  # any failure to publish: the step row stays queued-but-unclaimed for the sweeper
        log.warning("could not queue step %s", step_id, exc_info=True)
        return False
    return True


def send_steps(step_ids: list[int]) -> list[int]:
    """Queue each step; returns the ids that could not be queued (after the first failure the rest
    are not tried: the broker is down, and each try would cost the caller its timeout again)."""
    for position, step_id in enumerate(step_ids):
        if not send(step_id):
            return list(step_ids[position:])
    return []
