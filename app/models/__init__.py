"""The models, one module per aggregate; imported here so Alembic sees every table."""

from app.models.application import Application, ApplicationStatus, Channel, Document
from app.models.archive import Archive
from app.models.audit import AuditEvent
from app.models.clock import CalendarYear, Pause
from app.models.desk import CannotGetDoneReport, Rating
from app.models.eseals import ElectronicSeal, SealUse
from app.models.lookup import PersonalDataDigest, record_digests  # noqa: F401  (re-exported)
from app.models.outbox import MessageChannel, MessageStatus, OutboxMessage  # noqa: F401  (re-exported)
from app.models.review import CorrectionRequest, DocumentPromise
from app.models.seals import SealShop, SealVoucher
from app.models.shipping import Shipment
from app.models.signing import PartyRole, Signature, SignatureStatus  # noqa: F401  (re-exported)
from app.models.staff_session import EndedWhy, StaffSession  # noqa: F401  (re-exported)
from app.models.step import Step, StepStatus
from app.models.user import Role, User

__all__ = ["Application", "ApplicationStatus", "AuditEvent", "CalendarYear", "Channel", "Document", "Pause", "Role", "Shipment", "Step",
           "StepStatus", "User", "CannotGetDoneReport", "Rating",
           "CorrectionRequest", "DocumentPromise", "SealShop", "SealVoucher", "Archive", "ElectronicSeal", "SealUse"]
