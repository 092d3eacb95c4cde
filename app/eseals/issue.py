"""Issuing a company's electronic seals (电子印章) with its documents: one per seal kind on its voucher.

Each seal gets a fresh P-256 key (kept only sealed), a certificate from the seal CA naming the
company (O), the seal (CN, e.g. "某某有限公司 公章") and the credit code as organizationIdentifier
(OID 2.5.4.97, "NTRCN-<统一社会信用代码>" in the ETSI EN 319 412-1 form), and — when first needed — the impression drawn as for the voucher
(app.eseals.appearance). The seal step issues them with its voucher; a kind already issued keeps its seal.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID, ObjectIdentifier

from app.documents.signatures.authority import LEEWAY, key_usage
from app.eseals.authority import seal_ca
from app.eseals.crl import distribution_point
from app.eseals.keys import new_key, sealed_key
from app.extensions import db
from app.issuance.facts import voucher_facts
from app.issuance.queries import voucher_of
from app.models import Application
from app.models.eseals import ElectronicSeal
from app.models.seals import SealVoucher
from seals.kinds import spec_for

ORGANIZATION_IDENTIFIER = ObjectIdentifier("2.5.4.97")
VALIDITY = timedelta(days=3 * 365)


def organization_identifier(uscc: str) -> str:
    return f"NTRCN-{uscc}"


def seals_of(application: Application) -> list[ElectronicSeal]:
    """The application's electronic seals, in issue order."""
    return list(db.session.scalars(db.select(ElectronicSeal).where(ElectronicSeal.application_id == application.id)
                                   .order_by(ElectronicSeal.id)))


def new_electronic_seals(application: Application, voucher: SealVoucher,
                         issued: Iterable[str] = ()) -> list[ElectronicSeal]:
    """New, not yet added rows: an electronic seal for each seal kind on the voucher not in issued.

    The keys, certificates and impressions are made here, outside any transaction; the caller adds
    the rows in the one that records the voucher (the seal step's apply).
    """
    if not application.uscc:
        return []
    have, facts = set(issued), voucher_facts(application, voucher)
    fresh = []
    for grant in facts.seals:
        if grant.kind not in have:
            fresh.append(_new_seal(application, grant.kind, grant.code, facts))
            have.add(grant.kind)
    return fresh


def issue_electronic_seals(application: Application) -> list[ElectronicSeal]:
    """The electronic seals of the voucher on record, the missing ones added (repairs, tests). No commit."""
    voucher = voucher_of(application)
    if voucher is None:
        return seals_of(application)
    for seal in new_electronic_seals(application, voucher, (seal.kind for seal in seals_of(application))):
        db.session.add(seal)
    db.session.flush()
    return seals_of(application)


def _new_seal(application: Application, kind: str, code: str, facts) -> ElectronicSeal:
    key, now = new_key(), datetime.now(UTC)
    label = spec_for(kind, facts.joint_stock).label
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, application.company_name),
        x509.NameAttribute(ORGANIZATION_IDENTIFIER, organization_identifier(application.uscc)),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{application.company_name} {label}"),
    ])
    certificate = seal_ca().issue(subject, key.public_key(), now - LEEWAY, now + VALIDITY, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (key_usage(digital_signature=True, content_commitment=True), True),
        (distribution_point(), False),
    ])
    return ElectronicSeal(application_id=application.id, kind=kind, serial=format(certificate.serial_number, "x"),
                          certificate=certificate.public_bytes(Encoding.DER), private_key=sealed_key(key))
