"""The models, one module per aggregate; imported here so Alembic sees every table."""

from app.models.application import Application, ApplicationStatus, AuditEvent, Channel, Document
from app.models.clock import CalendarYear, Pause
from app.models.step import Step, StepStatus
from app.models.user import Role, User

__all__ = ["Application", "ApplicationStatus", "AuditEvent", "CalendarYear", "Channel", "Document", "Pause", "Role", "Step",
           "StepStatus", "User"]
