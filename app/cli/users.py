"""`flask users`: staff accounts."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.models import Role, User

users_cli = AppGroup("users", help="Staff accounts.")


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
