"""Staff accounts: clerks and supervisors at the window, courier pickup staff."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class Role:
    CLERK = "clerk"  # 企业开办专区窗口
    SUPERVISOR = "supervisor"  # sees full ID numbers, answers 办不成事 reports, enters calendars
    COURIER = "courier"  # 邮寄揽收

    ALL = (CLERK, SUPERVISOR, COURIER)
    WINDOW = (CLERK, SUPERVISOR)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Sign-in failures in a row (reset by a success); at LOGIN_LOCKOUT_FAILURES the account is
    # locked until a supervisor unlocks it. Kept here, so every web process sees the same count.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The token of the staff session this object was signed in or loaded with (not a column):
    # what the Flask session carries instead of the user's id (login_manager.id_attribute).
    session_token = None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_session_id(self) -> str:
        if not self.session_token:
            raise RuntimeError("no staff session opened for this user")
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role in Role.WINDOW

    def has_role(self, *roles: str) -> bool:
        return self.role in roles
