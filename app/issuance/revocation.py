"""Revoking a licence (吊销营业执照): the verification page then says so, with the date."""

from sqlalchemy import select

from app.applications.operations import record
from app.extensions import db
from app.models import Application, Document
from app.models.types import utcnow


def licence_holder(uscc: str) -> Application | None:
    """The application whose licence with this credit code has been signed, if any (a code
    registered but not yet on a licence — or never issued — is not a licence to verify)."""
    signed = select(Document.id).where(Document.application_id == Application.id,
                                       Document.kind == "business_license").exists()
    return db.session.scalar(select(Application).where(Application.uscc == uscc.strip().upper(), signed))


def revoke_licence(application: Application, reason: str, actor: str) -> None:
    """Mark the licence revoked now (no commit); revoking again keeps the first date."""
    if application.revoked_at is None:
        application.revoked_at = utcnow()
        application.revoked_reason = reason
        record(application, actor, "licence_revoked", reason)
