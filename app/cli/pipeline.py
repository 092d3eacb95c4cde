"""`flask pipeline sweep`: queue again every step whose message was lost or whose worker died."""

import click
from flask.cli import AppGroup

from app.pipeline.sweeper import sweep
from app.pipeline.tasks import send_steps

pipeline_cli = AppGroup("pipeline", help="The application pipeline.")


@pipeline_cli.command("sweep")
def sweep_command() -> None:
    """Queue again every step whose message was lost or whose worker died."""
    step_ids = sweep()
    unsent = send_steps(step_ids)
    click.echo(f"re-queued {len(step_ids) - len(unsent)} step(s)")
    if unsent:
        raise click.ClickException(f"broker unavailable: {len(unsent)} step(s) not queued; a later sweep queues them")
