"""Reads on staff accounts."""

from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, StaffSession, User


def user_named(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def accounts() -> list[tuple[User, datetime | None]]:
    """Every staff account with when it last signed in; locked ones first, then by user name."""
    last_sign_in = (select(StaffSession.user_id, func.max(StaffSession.created_at).label("at"))
                    .group_by(StaffSession.user_id).subquery())
    rows = db.session.execute(select(User, last_sign_in.c.at).outerjoin(last_sign_in, last_sign_in.c.user_id == User.id)
                              .order_by(User.locked_at.is_(None), User.username))
    return [(user, at) for user, at in rows]


SIGN_IN_ACTIONS = ("signed_in", "sign_in_failed", "account_locked", "account_unlocked", "signed_out",
                   "account_deactivated", "password_changed", "account_created")


def recent_sign_in_events(limit: int = 50) -> list[AuditEvent]:
    """The latest sign-ins, failures, lockouts, unlocks and account changes, newest first."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(SIGN_IN_ACTIONS))
                                   .order_by(AuditEvent.id.desc()).limit(limit)))
