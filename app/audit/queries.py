"""Reading the audit trail, each event with the name a person reads for who acted."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from app.extensions import db
from app.models import Application, AuditEvent, User

STAFF_PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    who: str  # a staff member's display name now, else what was stored (a user name, "applicant", "cli:…")
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    page: int
    has_next: bool


def _with_names(query: Select) -> Select:
    return query.add_columns(User.display_name).outerjoin(User, AuditEvent.actor_user_id == User.id)


def _line(event: AuditEvent, display_name: str | None) -> AuditLine:
    return AuditLine(at=event.at, who=display_name or event.actor, action=event.action,
                     from_status=event.from_status, to_status=event.to_status, note=event.note)


def events_of(application: Application) -> list[AuditLine]:
    """An application's events, oldest first."""
    rows = db.session.execute(_with_names(select(AuditEvent)).where(AuditEvent.application_id == application.id)
                              .order_by(AuditEvent.at, AuditEvent.id))
    return [_line(event, name) for event, name in rows]


def staff_events(page: int = 1, per_page: int = STAFF_PAGE_SIZE) -> AuditPage:
    """Events that concern no application (sign-ins, calendar edits), newest first, one page of them."""
    page = max(page, 1)
    rows = db.session.execute(_with_names(select(AuditEvent)).where(AuditEvent.application_id.is_(None))
                              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                              .offset((page - 1) * per_page).limit(per_page + 1)).all()
    return AuditPage([_line(event, name) for event, name in rows[:per_page]], page, len(rows) > per_page)
