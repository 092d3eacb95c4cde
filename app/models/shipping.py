"""证照邮寄: one courier shipment per application that asked for delivery by courier."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime


class Shipment(db.Model):
    """A booked waybill and what happened to the parcel: picked up (揽收), then delivered (签收)."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    waybill_number: Mapped[str] = mapped_column(String(32), unique=True)
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    picked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    picked_up_by: Mapped[str | None] = mapped_column(String(64))  # the courier's username
    delivered_by: Mapped[str | None] = mapped_column(String(64))

    application = relationship("Application", lazy="joined")
