"""Staff sessions held server-side: opened at sign-in, checked on every request, ended everywhere
by logout, deactivation or a password change, and when idle or too old."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from app.extensions import db
from app.models import EndedWhy, StaffSession, User
from app.models.types import utcnow

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at moves at most this often: no write per request
TOKEN_MAX_LENGTH = 100


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user: User) -> str:
    """A new session for `user`; returns the token the Flask session carries (and sets it on `user`)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(StaffSession(id=digest(token), user_id=user.id, created_at=now, last_seen_at=now))
    user.session_token = token
    return token


def end_session(token: object, why: str) -> None:
    if isinstance(token, str) and len(token) <= TOKEN_MAX_LENGTH:
        db.session.execute(update(StaffSession).where(StaffSession.id == digest(token), StaffSession.ended_at.is_(None))
                           .values(ended_at=utcnow(), ended_why=why))


def end_sessions(user: User, why: str) -> int:
    """End every open session of `user`, on every machine; returns how many."""
    return db.session.execute(update(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
                              .values(ended_at=utcnow(), ended_why=why)).rowcount


def why_refused(row: StaffSession, user: User | None, now: datetime) -> str | None:
    config = current_app.config
    if user is None or not user.active:
        return EndedWhy.DEACTIVATED
    if now - row.created_at > timedelta(hours=config["STAFF_SESSION_HOURS"]):
        return EndedWhy.EXPIRED
    if now - row.last_seen_at > timedelta(minutes=config["STAFF_IDLE_MINUTES"]):
        return EndedWhy.IDLE
    return None


def session_user(token: object) -> User | None:
    """The signed-in user for the token a request carries, or None: unknown, ended, idle, too old,
    or the account deactivated (such a session is ended here). May write; the caller commits."""
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH:
        return None
    row = db.session.get(StaffSession, digest(token))
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    user = db.session.get(User, row.user_id)
    why = why_refused(row, user, now)
    if why is not None:
        row.ended_at, row.ended_why = now, why
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    user.session_token = token
    return user
