"""Writes on staff accounts: signing in and out, lockout and unlock, deactivation, passwords.
Each is logged to `kaiban.auth` and recorded in the audit trail; the caller commits."""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.audit.operations import Actor, record_event
from app.extensions import db
from app.models import EndedWhy, User
from app.models.types import utcnow
from app.refusal import Refusal
from app.staff import log
from app.staff.passwords import password_matches, password_problem
from app.staff.queries import user_named
from app.staff.sessions import end_session, end_sessions, open_session

ANONYMOUS = "anonymous"


def by(actor: Actor) -> str:
    """Who acted, for the log: a staff member's user name, or `cli:<login>`."""
    return actor.username if isinstance(actor, User) else actor


def sign_in(username: str, password: str, address: str | None, replacing: object = None) -> User | None:
    """The user, with a new session opened (user.session_token), when the password is right and the
    account active and not locked; else None — for an unknown name too, after as much hashing.
    `replacing`: the token of the session the browser had before, which ends on success."""
    user = user_named(username)
    matches = password_matches(user, password)
    if user is not None and matches and user.active and not user.is_locked:
        if user.failed_logins:
            db.session.execute(update(User).where(User.id == user.id).values(failed_logins=0))
        end_session(replacing, EndedWhy.REPLACED)
        open_session(user)
        log.info("signed in: %r from %s", user.username, address)
        record_event("signed_in", user)
        return user
    why = ("unknown user" if user is None else "wrong password" if not matches
           else "account deactivated" if not user.active else "account locked")
    # What was typed as a name is kept only when it names an account: people type their password
    # into the name box, and the audit trail can never be cleaned (append-only).
    if user is None:
        log.warning("sign-in failed (unknown user name) from %s", address)
        record_event("sign_in_failed", ANONYMOUS, note=why)
    else:
        log.warning("sign-in failed (%s): %r from %s", why, user.username, address)
        record_event("sign_in_failed", user, note=why)  # the account tried, by id
    if user is not None and not matches:
        count_failure(user, address)
    return None


def count_failure(user: User, address: str | None) -> None:
    """One more failure in a row, counted in the database (every process sees it); the account
    locks at LOGIN_LOCKOUT_FAILURES."""
    db.session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
    failures = db.session.scalar(select(User.failed_logins).where(User.id == user.id))
    if failures < current_app.config["LOGIN_LOCKOUT_FAILURES"]:
        return
    locked = db.session.execute(update(User).where(User.id == user.id, User.locked_at.is_(None))
                                .values(locked_at=utcnow())).rowcount
    if locked:
        log.warning("account locked after %d failures: %r from %s", failures, user.username, address)
        record_event("account_locked", ANONYMOUS, note=user.username)


def sign_out(user: User | None, token: object, address: str | None) -> None:
    end_session(token, EndedWhy.LOGOUT)
    if user is not None:
        log.info("signed out: %r from %s", user.username, address)
        record_event("signed_out", user)


def unlock(user: User, actor: Actor) -> None:
    """A supervisor (or `flask users unlock`) lets a locked account sign in again."""
    user.locked_at = None
    user.failed_logins = 0
    log.warning("account unlocked: %r by %s", user.username, by(actor))
    record_event("account_unlocked", actor, note=user.username)


def deactivate(user: User, actor: Actor) -> int:
    """The account can no longer sign in, and its open sessions end now; returns how many ended."""
    user.active = False
    ended = end_sessions(user, EndedWhy.DEACTIVATED)
    log.warning("account deactivated: %r by %s (%d sessions ended)", user.username, by(actor), ended)
    record_event("account_deactivated", actor, note=user.username)
    return ended


def set_password(user: User, password: str, actor: Actor) -> int:
    """A new password (the policy applies); every open session of the account ends. Returns how many."""
    problem = password_problem(password, user.username, user.display_name)
    if problem:
        raise Refusal(problem)
    user.set_password(password)
    ended = end_sessions(user, EndedWhy.PASSWORD_CHANGED)
    log.warning("password changed: %r by %s (%d sessions ended)", user.username, by(actor), ended)
    record_event("password_changed", actor, note=user.username)
    return ended


def create_account(username: str, role: str, display_name: str, password: str, actor: Actor) -> User:
    if user_named(username) is not None:
        raise Refusal(_("用户名 %(name)s 已存在", name=username), 409)
    problem = password_problem(password, username, display_name)
    if problem:
        raise Refusal(problem)
    user = User(username=username, role=role, display_name=display_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    log.info("account created: %r (%s) by %s", username, role, by(actor))
    record_event("account_created", actor, note=username)
    return user
