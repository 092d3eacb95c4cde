"""A staff member's signed-in session, held server-side so that it can be ended everywhere."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class EndedWhy:
    LOGOUT = "logout"
    REPLACED = "replaced"  # the same browser signed in again
    IDLE = "idle"  # unused for longer than STAFF_IDLE_MINUTES
    EXPIRED = "expired"  # older than STAFF_SESSION_HOURS
    DEACTIVATED = "deactivated"
    PASSWORD_CHANGED = "password_changed"


class StaffSession(db.Model):
    """The Flask session carries only a random token; `id` is its SHA-256, so the table alone
    (a backup, a read-only leak) signs nobody in. `last_seen_at` moves at most once a minute."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_why: Mapped[str | None] = mapped_column(String(32))
