"""`flask users`: staff accounts (create, deactivate, reset-password, unlock)."""

import click
from flask.cli import AppGroup

from app.audit.operations import cli_actor
from app.extensions import db
from app.models import Role, User
from app.refusal import Refusal
from app.staff import operations
from app.staff.queries import user_named

users_cli = AppGroup("users", help="Staff accounts.")


def account(username: str) -> User:
    user = user_named(username)
    if user is None:
        raise click.ClickException(f"没有用户 {username} / no user {username}")
    return user


def commit_or_refuse(write) -> object:
    """Run one operation and commit; a refusal (password policy, a taken name) is the command's error."""
    try:
        result = write()
    except Refusal as refusal:
        db.session.rollback()
        raise click.ClickException(refusal.message) from None
    db.session.commit()
    return result


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(Role.ALL), required=True)
@click.option("--name", "display_name", default=None, help="Name shown in the audit trail.")
@click.password_option()
def create_user(username: str, role: str, display_name: str | None, password: str) -> None:
    """Create a staff account (clerk, supervisor or courier)."""
    commit_or_refuse(lambda: operations.create_account(username, role, display_name or username, password, cli_actor()))
    click.echo(f"created {role} {username}")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate_user(username: str) -> None:
    """Stop USERNAME signing in; their open sessions end at once."""
    user = account(username)
    ended = commit_or_refuse(lambda: operations.deactivate(user, cli_actor()))
    click.echo(f"deactivated {username}; {ended} session(s) ended")


@users_cli.command("reset-password")
@click.argument("username")
@click.password_option(prompt="New password")
def reset_password(username: str, password: str) -> None:
    """Give USERNAME a new password (prompted, or --password); their open sessions end at once."""
    user = account(username)
    ended = commit_or_refuse(lambda: operations.set_password(user, password, cli_actor()))
    click.echo(f"password of {username} changed; {ended} session(s) ended")
    if user.is_locked:
        click.echo(f"the account is still locked: flask users unlock {username}")


@users_cli.command("unlock")
@click.argument("username")
def unlock_user(username: str) -> None:
    """Let USERNAME sign in again after too many failed attempts."""
    user = account(username)
    if not user.is_locked and not user.failed_logins:
        click.echo(f"{username} is not locked")
        return
    commit_or_refuse(lambda: operations.unlock(user, cli_actor()))
    click.echo(f"unlocked {username}")
