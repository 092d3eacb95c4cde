"""`flask` commands: the clock, the pipeline's sweeper."""

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from app.pipeline import sla
from app.pipeline.sweeper import sweep
from app.pipeline.tasks import send_steps
from app.sla import due_at
from app.timefmt import SHANGHAI, iso

sla_cli = AppGroup("sla", help="The one-working-day clock.")
pipeline_cli = AppGroup("pipeline", help="The application pipeline.")


@sla_cli.command("due-at")
@click.argument("submitted")
@click.option("--hours", type=float, default=None, help="Override the commitment, in working hours.")
def due_at_command(submitted: str, hours: float | None) -> None:
    """Print the due time for a submission at SUBMITTED (ISO 8601; no offset means Asia/Shanghai)."""
    moment = datetime.fromisoformat(submitted)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    click.echo(iso(due_at(moment, sla.calendar(), sla.office_hours(), sla.commitment("apply", hours))))


@pipeline_cli.command("sweep")
def sweep_command() -> None:
    """Queue again every step whose message was lost or whose worker died."""
    step_ids = sweep()
    send_steps(step_ids)
    click.echo(f"re-queued {len(step_ids)} step(s)")


def register(app: Flask) -> None:
    app.cli.add_command(sla_cli)
    app.cli.add_command(pipeline_cli)
