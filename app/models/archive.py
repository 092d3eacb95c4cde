"""电子档案: the signed archive package of an application, made once at its hand-over."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class Archive(db.Model):
    """Kept, not made again: what decided the application, as it stood when it was handed over."""

    __tablename__ = "archives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)  # the ZIP with manifest.json and its signature
    sha256: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
