"""The free-seal voucher (免费刻章凭证) and the seal shops (刻章店) that redeem it."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class SealShop(db.Model):
    """A seal-carving shop allowed to redeem vouchers; only a hash of its API key is kept."""

    __tablename__ = "seal_shops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # `flask seal-shops revoke`: the key stops working

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SealVoucher(db.Model):
    """One application's one-time voucher; redeemed_at is set exactly once, by one shop."""

    __tablename__ = "seal_vouchers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    seals: Mapped[list] = mapped_column(JSON)  # [{kind, code, free}] in the order printed
    free_seals: Mapped[list] = mapped_column(JSON)  # the kinds granted free
    valid_until: Mapped[date] = mapped_column(Date)
    # 印模确认: the applicant approved the impressions shown on the tracking page.
    impressions_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redeemed_by_shop_id: Mapped[int | None] = mapped_column(ForeignKey("seal_shops.id"))
    carved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
