"""签署: one natural person's signature on an application — requested by SMS, checked, given or refused.

A person named twice (legal representative and shareholder, one ID number) has one row with both
roles. Nothing secret is kept in the clear: the link's token, the verification handle and the SMS
code are stored as digests, the phone sealed like the form's personal data, the ID number only as
a keyed digest (the form holds the number itself, encrypted).
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class SignatureStatus:
    PENDING = "pending"
    SIGNED = "signed"
    DECLINED = "declined"

    ALL = (PENDING, SIGNED, DECLINED)


class PartyRole:
    """What a signer is on the application (API.md `signatures[].party`)."""

    LEGAL_REPRESENTATIVE = "legal_representative"
    SHAREHOLDER = "shareholder"

    ALL = (LEGAL_REPRESENTATIVE, SHAREHOLDER)


class Signature(db.Model):
    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, …: the order the parties are listed in
    name: Mapped[str] = mapped_column(String(100))
    roles: Mapped[list] = mapped_column(JSON)  # PartyRole values
    id_digest: Mapped[str] = mapped_column(String(64))  # keyed HMAC of the ID number (app.privacy)
    phone: Mapped[str] = mapped_column(Text)  # sealed (fernet:…)
    # SHA-256 of the one-time link's token: the token itself is only ever in the party's SMS.
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default=SignatureStatus.PENDING)

    # Wrong ID numbers, refused identity checks and wrong codes in a row; at the limit, a lock.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The identity check passed (实名核验): its reference, and the code it sent (both as digests).
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    identity_reference: Mapped[str | None] = mapped_column(String(100))
    verifications: Mapped[int] = mapped_column(Integer, default=0)  # codes sent so far
    # Checks the identity provider answered (passed or refused): the next check's idempotency key.
    identity_checks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # 签署轮次: 1 at filing, one more each time a correction asks every party to sign again.
    signing_round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    verification_digest: Mapped[str | None] = mapped_column(String(64))
    code_digest: Mapped[str | None] = mapped_column(String(64))  # HMAC under SECRET_KEY: 6 digits are guessable
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # signed or declined
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # 现场见证 (帮代办): a window clerk checked the ID card original in person and the party confirmed
    # with the SMS code on the window's screen. The clerk is set when the card is checked (and cleared
    # by an identity check through the link); witnessed_at when the witnessed signature is made.
    witnessed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_signatures_witness"))
    witnessed_by: Mapped[str | None] = mapped_column(String(64))  # the clerk's display name at the time
    witnessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("application_id", "position", name="uq_signatures_position"),)
