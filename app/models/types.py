"""Column types shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime
from sqlalchemy.types import TypeDecorator

from app import privacy


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out — on SQLite too, which keeps no zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EncryptedForm(TypeDecorator):
    """The one form as JSON whose ID numbers, phones and e-mail are encrypted in the row (app.privacy).

    The rest of the code reads and assigns plain dicts: every value bound is encrypted afresh
    (a reassigned form included), every row read is decrypted.
    """

    impl = JSON
    cache_ok = True
    hashable = False  # a dict, like JSON's

    def process_bind_param(self, value: dict | None, dialect):
        return None if value is None else privacy.encrypt_form(value)

    def process_result_value(self, value: dict | None, dialect):
        return None if value is None else privacy.decrypt_form(value)


def utcnow() -> datetime:
    return datetime.now(UTC)
