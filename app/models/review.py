"""What a clerk's review leaves behind: 补正 requests and 容缺受理 promises."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class CorrectionRequest(db.Model):
    """补正: the applicant must fix the named fields; open until they resubmit."""

    __tablename__ = "correction_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    fields: Mapped[list] = mapped_column(JSON)  # [{"field": "address", "reason": "..."}]
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DocumentPromise(db.Model):
    """容缺受理: accepted now, a non-key document promised by a date."""

    __tablename__ = "document_promises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    promised_document: Mapped[str] = mapped_column(String(200))
    promised_by: Mapped[date] = mapped_column(Date)
    accepted_by: Mapped[str] = mapped_column(String(100))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
