"""One row per pipeline step of an application: the database is the truth."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class StepStatus:
    PENDING = "pending"
    RUNNING = "running"
    RETRYING = "retrying"
    DONE = "done"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"

    ALL = (PENDING, RUNNING, RETRYING, DONE, NEEDS_REVIEW, FAILED)
    STUCK = (FAILED, NEEDS_REVIEW)  # waiting for a clerk: retry, approve or correct


class Step(db.Model):
    __tablename__ = "steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    name: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=StepStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Attempts allowed before the step fails; a clerk's retry grants a fresh round (None: the setting).
    attempts_allowed: Mapped[int | None] = mapped_column(Integer)
    # Stable across retries, so an agency that saw the call before answers the same.
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    reference: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    agency_ms: Mapped[int | None] = mapped_column(Integer)  # how long the agency took to answer
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    application = relationship("Application", back_populates="steps")

    __table_args__ = (
        UniqueConstraint("application_id", "name"),
        Index("ix_steps_status_lease", "status", "lease_until"),
    )
