"""What applicants tell the centre after filing: 办不成事 reports and 好差评 ratings."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class CannotGetDoneReport(db.Model):
    """办不成事: an applicant says something cannot get done; a supervisor must answer it."""

    __tablename__ = "cannot_get_done_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The queue asks "which applications have open reports" on every page: keep that an index lookup.
    __table_args__ = (Index("ix_cannot_get_done_reports_open", "answered_at", "application_id"),
                      Index("ix_cannot_get_done_reports_application", "application_id"))

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Rating(db.Model):
    """好差评: the applicant's one rating, 1–5, after the licence is handed over."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="ck_ratings_score"),
                      Index("ix_ratings_created_at", "created_at"))
