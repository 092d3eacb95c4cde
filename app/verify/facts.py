"""What the verification page says about a credit code: the register's facts and the QR's signature."""

from flask import abort, current_app

from app.issuance.links import qr_signature_matches
from app.issuance.queries import licence_holder
from app.models import Application, SignatureStatus
from app.signing.queries import signatures_of
from app.timefmt import iso


def licence_facts(uscc: str) -> dict:
    """The public facts of the licence with this code (API.md's fields first), or 404."""
    application = licence_holder(uscc)
    if application is None or application.registered_at is None:
        abort(404)
    return {"uscc": application.uscc, "name": application.company_name,
            "status": "revoked" if application.revoked_at else "valid",
            "registered_at": iso(application.registered_at), "authority": application.authority,
            "entity_type": application.entity_type, "revoked_at": iso(application.revoked_at),
            "revoked_reason": application.revoked_reason, "signed": signed_summary(application)}


def signed_summary(application: Application) -> dict | None:
    """{"parties": N, "completed_at": …} when every party signed (实名签署) — a count and a time, no names;
    None for an application filed before the parties signed (no signature rows)."""
    signatures = signatures_of(application)
    if not signatures or any(signature.status != SignatureStatus.SIGNED for signature in signatures):
        return None
    return {"parties": len(signatures), "completed_at": iso(max(signature.signed_at for signature in signatures))}


def qr_signature_state(uscc: str, signature: str | None) -> str:
    """"absent" (typed by hand), "valid" (a QR we printed) or "invalid" (a QR someone else made)."""
    if signature is None or signature == "":
        return "absent"
    return "valid" if qr_signature_matches(uscc, signature, current_app.config["SECRET_KEY"]) else "invalid"
