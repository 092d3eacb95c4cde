"""The outbox: every SMS and e-mail to a person, written in the transaction of the change that causes it.

A row is sent by a task after that transaction commits (app/messages): claimed with a lease,
handed to the gateway under its `idempotency_key`, marked sent. The recipient and the text are
sealed like the form's personal data (they carry phones, links with tokens, codes).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class MessageChannel:
    SMS = "sms"
    EMAIL = "email"

    ALL = (SMS, EMAIL)


class MessageStatus:
    PENDING = "pending"  # waiting to be sent, or to be tried again at next_try_at
    SENT = "sent"
    FAILED = "failed"  # refused by the gateway, or out of attempts: never tried again

    ALL = (PENDING, SENT, FAILED)


class OutboxMessage(db.Model):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(Text)  # sealed phone or e-mail address
    subject: Mapped[str | None] = mapped_column(String(200))  # e-mail only
    body: Mapped[str] = mapped_column(Text)  # sealed text
    # One message, one key: a second add under the same key is the same message (and the
    # gateway, given the key again, replays instead of sending twice).
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a sender holds it until then
    reference: Mapped[str | None] = mapped_column(String(200))  # the gateway's id, or the Message-ID
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_outbox_status_next_try", "status", "next_try_at"),)
