"""Revoking an electronic seal (吊销电子印章): a clerk's act; every signature it made shows as revoked after.

No commit: the clerk's request does, with the audit event.
"""

from flask_babel import gettext as _

from app.audit.operations import record_event
from app.extensions import db
from app.models import Application, User
from app.models.eseals import ElectronicSeal
from app.models.types import utcnow
from app.refusal import Refusal

AUDIT_ACTION = "eseal_revoked"


def revoke_seal(seal: ElectronicSeal, user: User, reason: str) -> ElectronicSeal:
    """Mark the seal revoked by user for reason and record it; a revoked seal is refused (409)."""
    if seal.is_revoked:
        raise Refusal(_("该电子印章已吊销，不能重复吊销"), 409)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("请填写吊销原因"))
    seal.revoked_at, seal.revoked_by_user_id = utcnow(), user.id
    seal.revoked_by, seal.revoked_reason = user.display_name, reason
    record_event(AUDIT_ACTION, user, db.session.get(Application, seal.application_id), note=f"{seal.kind}: {reason}")
    db.session.flush()
    return seal
