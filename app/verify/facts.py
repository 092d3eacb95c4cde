"""What the verification page says about a credit code: the register's facts and the QR's signature."""

from flask import abort, current_app

from app.issuance.links import qr_signature_matches
from app.issuance.queries import licence_holder
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
            "revoked_reason": application.revoked_reason}


def qr_signature_state(uscc: str, signature: str | None) -> str:
    """"absent" (typed by hand), "valid" (a QR we printed) or "invalid" (a QR someone else made)."""
    if signature is None or signature == "":
        return "absent"
    return "valid" if qr_signature_matches(uscc, signature, current_app.config["SECRET_KEY"]) else "invalid"
