"""Status changes of an application; every one leaves an audit event."""

from app.applications.clock import current_light
from app.extensions import db
from app.models import Application, AuditEvent


def change_status(application: Application, to_status: str, actor: str, action: str,
                  note: str | None = None) -> None:
    """Move the application to `to_status` and append the audit event (no commit)."""
    db.session.add(AuditEvent(application_id=application.id, actor=actor, action=action,
                              from_status=application.status, to_status=to_status, note=note))
    application.status = to_status
    application.light = current_light(application)  # 亮灯督办 follows every change, not only the periodic refresh
    if note is not None:
        application.status_note = note


def record(application: Application, actor: str, action: str, note: str | None = None) -> None:
    """An audit event that changes no status."""
    db.session.add(AuditEvent(application_id=application.id, actor=actor, action=action,
                              from_status=application.status, to_status=application.status, note=note))
