"""`flask` commands: the clock, the pipeline's sweeper."""

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from app.calendar_cli import calendar_cli
from app.extensions import db
from app.issuance import cli as issuance_cli
from app.models import Role, User
from app.pipeline import sla
from app.pipeline.sweeper import sweep
from app.pipeline.tasks import send_steps
from app.sla import due_at
from app.timefmt import SHANGHAI, iso

sla_cli = AppGroup("sla", help="The one-working-day clock.")
pipeline_cli = AppGroup("pipeline", help="The application pipeline.")
users_cli = AppGroup("users", help="Staff accounts.")


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


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(Role.ALL), required=True)
@click.option("--name", "display_name", default=None, help="Name shown in the audit trail.")
@click.password_option()
def create_user(username: str, role: str, display_name: str | None, password: str) -> None:
    """Create a staff account (clerk, supervisor or courier)."""
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"user {username} exists")
    user = User(username=username, role=role, display_name=display_name or username)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {username}")


def register(app: Flask) -> None:
    for group in (sla_cli, pipeline_cli, users_cli):
        app.cli.add_command(group)
    app.cli.add_command(calendar_cli)
    issuance_cli.register(app)
