"""Celery tasks: thin glue around the runner and the sweeper. They take ids, never objects."""

from celery import shared_task

from app.pipeline import runner, sweeper
from app.sla.lights import refresh_lights as refresh_stored_lights

QUEUE = "pipeline"  # every task goes here; `make run` and production workers consume it
QUEUES = (QUEUE,)


@shared_task(name="pipeline.run_step", ignore_result=True, acks_late=True)
def run_step(step_id: int) -> None:
    outcome = runner.run_step(step_id)
    send_steps(outcome.next_step_ids)
    if outcome.retry_in is not None:
        run_step.apply_async((step_id,), countdown=outcome.retry_in, queue=QUEUE)


@shared_task(name="pipeline.refresh_lights", ignore_result=True)
def refresh_lights() -> None:
    """亮灯督办: the stored lights follow the clock even when nothing else happens."""
    refresh_stored_lights()


@shared_task(name="pipeline.sweep", ignore_result=True)
def sweep() -> None:
    send_steps(sweeper.sweep())


def send_steps(step_ids: list[int]) -> None:
    for step_id in step_ids:
        run_step.apply_async((step_id,), queue=QUEUE)
