"""What the verification page says about a credit code: the register's facts, the company's
electronic seals and the QR's signature."""

from cryptography import x509
from flask import abort, current_app
from sqlalchemy.orm import load_only

from app.eseals.standing import Standing, standing
from app.extensions import db
from app.issuance.facts import licence_facts as printed_facts
from app.issuance.links import qr_signature_matches
from app.issuance.queries import licence_holder
from app.models import Application, SignatureStatus
from app.models.eseals import ElectronicSeal
from app.signing.queries import signatures_of
from app.timefmt import iso, local
from app.vocabulary import SEAL_LABELS


class RegistryStatus:
    """登记状态 as the national enterprise credit publicity system (国家企业信用信息公示系统) names it."""

    ACTIVE = "active"  # 存续（在营、开业、在册）
    REVOKED = "revoked"  # 吊销，未注销: the licence was revoked; the entity is not yet deregistered


def licence_of(uscc: str) -> Application:
    """The registered application holding the licence with this code, or 404."""
    application = licence_holder(uscc)
    if application is None or application.registered_at is None:
        abort(404)
    return application


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


def eseal_facts(application: Application) -> list[dict]:
    """The company's electronic seals as the verification page lists them, in issue order: which seal,
    its certificate's serial (upper-case hex, as a PDF reader shows it), valid since and until, and
    its standing (app.eseals.standing: revoked with its licence too; the clerk's reason is not
    published). Nothing of the key, nor the impression: only the listed columns are loaded.

    Only the HTML page shows them: the JSON answer keeps API.md's shape.
    """
    seals = db.session.scalars(
        db.select(ElectronicSeal).options(load_only(ElectronicSeal.kind, ElectronicSeal.serial, ElectronicSeal.certificate,
                                                    ElectronicSeal.issued_at, ElectronicSeal.revoked_at))
        .where(ElectronicSeal.application_id == application.id).order_by(ElectronicSeal.id))
    return [_eseal_fact(seal, application) for seal in seals]


def _eseal_fact(seal: ElectronicSeal, application: Application) -> dict:
    state = standing(seal, application)
    revoked_at = (seal.revoked_at or application.revoked_at) if state == Standing.REVOKED else None
    return {"kind": seal.kind, "label": str(SEAL_LABELS.get(seal.kind, seal.kind)), "serial": seal.serial.upper(),
            "valid_from": local(seal.issued_at, "%Y-%m-%d"),
            "valid_until": local(x509.load_der_x509_certificate(seal.certificate).not_valid_after_utc, "%Y-%m-%d"),
            "status": state, "revoked_on": local(revoked_at, "%Y-%m-%d") if revoked_at else None}
