"""What the verification page says about a credit code: the register's facts and the QR's signature."""

from flask import abort, current_app

from app.issuance.facts import licence_facts as printed_facts
from app.issuance.links import qr_signature_matches
from app.issuance.queries import licence_holder
from app.models import Application, SignatureStatus
from app.signing.queries import signatures_of
from app.timefmt import iso


class RegistryStatus:
    """登记状态 as the national enterprise credit publicity system (国家企业信用信息公示系统) names it."""

    ACTIVE = "active"  # 存续（在营、开业、在册）
    REVOKED = "revoked"  # 吊销，未注销: the licence was revoked; the entity is not yet deregistered


def licence_facts(uscc: str) -> dict:
    """The public facts of the licence with this code (API.md's fields first), or 404."""
    application = licence_holder(uscc)
    if application is None or application.registered_at is None:
        abort(404)
    return register_facts(application)


def register_facts(application: Application) -> dict:
    """The registration facts the publicity system shows of an enterprise, as its licence prints them.

    The legal representative's full name is public: it is a registered item (市场主体登记管理条例
    第八条) that the registration authority publishes (企业信息公示暂行条例 第六条: 注册登记信息), the
    national publicity system shows it unmasked, and the licence itself prints it. Nothing else of a
    person is shown: no ID number, no phone, no shareholder.
    """
    printed = printed_facts(application)
    revoked = application.revoked_at is not None
    return {"uscc": application.uscc, "name": application.company_name,
            "status": "revoked" if revoked else "valid",
            "registered_at": iso(application.registered_at), "authority": application.authority,
            "entity_type": application.entity_type, "revoked_at": iso(application.revoked_at),
            "revoked_reason": application.revoked_reason, "signed": signed_summary(application),
            "registry_status": RegistryStatus.REVOKED if revoked else RegistryStatus.ACTIVE,
            "legal_representative": printed.legal_representative,
            # None where the form named no capital (an individual business may have none).
            "registered_capital_yuan": application.form.get("registered_capital_yuan"),
            "address": printed.address, "business_scope": printed.business_scope}


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
