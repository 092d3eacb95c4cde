"""Revoking an electronic seal (吊销电子印章): a clerk's act; every signature it made shows as revoked after.

No commit: the clerk's request does, with the audit event.
"""

from flask_babel import gettext as _
from sqlalchemy import update

from app.audit.operations import record_event
from app.extensions import db
from app.models import Application, User
from app.models.eseals import ElectronicSeal
from app.models.types import utcnow
from app.refusal import Refusal

AUDIT_ACTION = "eseal_revoked"


def revoke_seal(seal: ElectronicSeal, user: User, reason: str) -> ElectronicSeal:
    """Mark the seal revoked by user for reason and record it; a revoked seal is refused (409)."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("请填写吊销原因"))
    # One statement decides: of two clerks revoking at once, the second finds it revoked (409).
    revoked = db.session.execute(
        update(ElectronicSeal).where(ElectronicSeal.id == seal.id, ElectronicSeal.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_user_id=user.id, revoked_by=user.display_name,
                revoked_reason=reason).execution_options(synchronize_session=False))
    if revoked.rowcount != 1:
        raise Refusal(_("该电子印章已吊销，不能重复吊销"), 409)
    db.session.refresh(seal)
    record_event(AUDIT_ACTION, user, db.session.get(Application, seal.application_id), note=f"{seal.kind}: {reason}")
    db.session.flush()
    return seal
