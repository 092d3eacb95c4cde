"""The seal CA's certificate revocation list (CRL, RFC 5280): revocation seen by any validator.

Our own /verify/upload reads revocation from the records; a PDF reader elsewhere (Adobe Reader, a
partner's validator) knows only what the certificate points to. Every seal certificate therefore
names this CRL's address (CRL distribution points), and the CRL lists every revoked seal — its
own revocation, or its company's licence revoked — signed by the seal CA, valid for a day and made
afresh on each request (a county's revocations are few; a province would cache it per revocation).
"""

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import or_, select

from app.documents.signatures.authority import LEEWAY
from app.eseals.authority import seal_ca
from app.extensions import db
from app.models import Application
from app.models.eseals import ElectronicSeal
from app.urls import public_url

CRL_PATH = "/verify/eseals.crl"
NEXT_UPDATE = timedelta(days=1)


def distribution_point() -> x509.CRLDistributionPoints:
    """The extension each seal certificate carries: where its revocation is published."""
    return x509.CRLDistributionPoints([x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(public_url(CRL_PATH))], relative_name=None, reasons=None,
        crl_issuer=None)])


def revoked_seals() -> list[tuple[ElectronicSeal, datetime]]:
    """Every seal no longer in force by revocation, with when: the seal's own, else its licence's."""
    rows = db.session.execute(
        select(ElectronicSeal, Application.revoked_at).join(Application, Application.id == ElectronicSeal.application_id)
        .where(or_(ElectronicSeal.revoked_at.is_not(None), Application.revoked_at.is_not(None)))
        .order_by(ElectronicSeal.id)).all()
    return [(seal, seal.revoked_at or licence_revoked_at) for seal, licence_revoked_at in rows]


def crl_der(now: datetime | None = None) -> bytes:
    """The CRL now, DER-encoded, signed by the seal CA."""
    now = now or datetime.now(UTC)
    ca = seal_ca()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.cert.subject)
               .last_update(now - LEEWAY).next_update(now + NEXT_UPDATE)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False))
    for seal, when in revoked_seals():
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(int(seal.serial, 16))
            .revocation_date(when.replace(tzinfo=when.tzinfo or UTC)).build())
    return builder.sign(ca.key, ca.cert.signature_hash_algorithm).public_bytes(Encoding.DER)
