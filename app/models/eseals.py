"""电子印章: a company's electronic seals, issued with the licence, and each use of one (用章记录).

One row per seal kind the company asked for. Its signing key is kept only sealed (fernet, with the
personal-data keys from settings), its certificate is issued by the service's seal CA and names the
company and its credit code, and its impression is the PNG drawn as for the voucher. A use holds
the uploaded PDF while the legal representative confirms with the SMS code, then the signed copy.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class ElectronicSeal(db.Model):
    __tablename__ = "electronic_seals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # seals.kinds.SealKind
    serial: Mapped[str] = mapped_column(String(64), unique=True)  # the certificate's serial, hex
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # DER
    private_key: Mapped[str] = mapped_column(Text)  # PKCS#8 DER, base64, sealed (fernet:…); never in the clear
    impression: Mapped[bytes | None] = mapped_column(LargeBinary)  # PNG, the visible stamp: drawn on first use
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Revocation is a clerk's action: from then on every signature it made shows as revoked.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_eseals_revoked_by"))
    revoked_by: Mapped[str | None] = mapped_column(String(64))  # the clerk's display name at the time
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("application_id", "kind", name="uq_eseals_kind"),)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SealUse(db.Model):
    """One request to stamp one PDF with one seal: uploaded, confirmed by code, signed."""

    __tablename__ = "seal_uses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("electronic_seals.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    uploaded: Mapped[bytes | None] = mapped_column(LargeBinary)  # dropped once signed or abandoned
    uploaded_sha256: Mapped[str] = mapped_column(String(64))
    page: Mapped[int] = mapped_column(Integer)  # 1-based
    x_mm: Mapped[float] = mapped_column(db.Float)  # the stamp's centre, from the page's lower-left corner
    y_mm: Mapped[float] = mapped_column(db.Float)
    code_digest: Mapped[str | None] = mapped_column(String(64))  # HMAC under SECRET_KEY
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    signed: Mapped[bytes | None] = mapped_column(LargeBinary)
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

