"""企业开办申请: one entrepreneur's one-form submission."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import EncryptedForm, UTCDateTime, utcnow


class ApplicationStatus:
    AWAITING_SIGNATURES = "awaiting_signatures"  # filed; every party signs before it is accepted (受理)
    SUBMITTED = "submitted"  # accepted: the clock runs, the pipeline is queued
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    AWAITING_CORRECTION = "awaiting_correction"  # 补正: waiting for the applicant
    READY_FOR_ISSUE = "ready_for_issue"  # 待发放
    ISSUED = "issued"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    ALL = (AWAITING_SIGNATURES, SUBMITTED, PROCESSING, NEEDS_REVIEW, AWAITING_CORRECTION, READY_FOR_ISSUE, ISSUED,
           SHIPPED, DELIVERED, REJECTED, WITHDRAWN)
    OPEN = (SUBMITTED, PROCESSING, NEEDS_REVIEW, AWAITING_CORRECTION, READY_FOR_ISSUE)
    DONE_APPLYING = (READY_FOR_ISSUE, ISSUED, SHIPPED, DELIVERED)
    # While in these, steps run (ready_for_issue: the shipment step books the courier).
    STEPS_RUN = (SUBMITTED, PROCESSING, NEEDS_REVIEW, READY_FOR_ISSUE)
    # A clerk may still decide (retry, correct, accept on promise) before the documents are ready.
    BEFORE_READY = (SUBMITTED, PROCESSING, NEEDS_REVIEW)
    # 不予受理 only while the application is still being decided: once its licence is made (待发放) or
    # handed over, refusing it would leave a registered company without its papers.
    REJECTABLE = (*BEFORE_READY, AWAITING_CORRECTION)
    HANDED_OVER = (ISSUED, SHIPPED, DELIVERED)  # licence and seals with the applicant: 好差评 may follow
    STOPPED = (REJECTED, WITHDRAWN)  # ended without a licence: the light stops
    SETTLED = (*DONE_APPLYING, *STOPPED)  # nothing more for the pipeline to tell the applicant
    # Not accepted yet: no clock, no light, no step runs, not in the clerk's open queue.
    UNACCEPTED = (AWAITING_SIGNATURES,)


def status_in_sql(statuses: tuple[str, ...], column: str = "status") -> str:
    """A literal SQL condition for a partial index (the index text must not change between runs)."""
    return f"{column} IN (" + ", ".join(f"'{status}'" for status in statuses) + ")"


OPEN_SQL = status_in_sql(ApplicationStatus.OPEN)
RED_FIRST = "(CASE WHEN light = 'red' THEN 0 ELSE 1 END)"


class Channel:
    ONLINE = "online"
    WINDOW = "window"  # 帮代办: filed by a clerk for a walk-in applicant


class Application(db.Model):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16), default=Channel.ONLINE)
    status: Mapped[str] = mapped_column(String(32), default=ApplicationStatus.SUBMITTED)
    entity_type: Mapped[str] = mapped_column(String(32))
    company_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    # The validated one-form payload, as submitted; its ID numbers and phones encrypted in the row.
    form: Mapped[dict] = mapped_column(EncryptedForm)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    request_digest: Mapped[str | None] = mapped_column(String(64))

    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # filed
    # 受理: the last party signed. The clock, the lights and the statistics count from here; both
    # are null while the application awaits signatures.
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # apply stage
    # When half the stage's commitment is used and its light turns yellow (app.sla.turns), counted
    # with the same pauses as the due time beside it: the periodic refresh compares, in SQL.
    yellow_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    light: Mapped[str] = mapped_column(String(8), default="green")
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issue_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issue_yellow_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # issued or shipped
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authority: Mapped[str | None] = mapped_column(String(100))
    status_note: Mapped[str | None] = mapped_column(Text)
    # A revoked licence (吊销) still verifies as a document but shows as revoked.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    # The applicant's access token is an HMAC of number + generation: counting up revokes it (0: the first).
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    steps = relationship("Step", back_populates="application", order_by="Step.position",
                         lazy="selectin", cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_applications_status_due", "status", "due_at"),
        Index("ix_applications_company_name", "company_name"),
        # The clerk's queue (migration 0002): open applications, red first, then by due time.
        Index("ix_applications_open_queue", text(RED_FIRST), "due_at", "id",
              postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL)),
        Index("ix_applications_entity_due", "entity_type", "due_at"),
        Index("ix_applications_submitted_at", "submitted_at"),
        Index("ix_applications_accepted_at", "accepted_at"),
        Index("ix_applications_light_due", "light", "due_at"),
        # The open queue with one light chosen (migration 0018): by due time among that light's open rows.
        Index("ix_applications_open_by_light", "light", "due_at", "id",
              postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL)),
    )

    def step(self, name: str):
        return next(s for s in self.steps if s.name == name)


class Document(db.Model):
    """A generated PDF, kept in the database so every web process and worker sees it."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    content_type: Mapped[str] = mapped_column(String(64), default="application/pdf")
    content: Mapped[bytes] = mapped_column(db.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (db.UniqueConstraint("application_id", "kind"),)
