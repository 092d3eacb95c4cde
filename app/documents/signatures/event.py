"""Event certificates (事件证书): one short-lived certificate per signature, for one verified signer.

The model of Chinese e-signing platforms: once the party has passed the real-name check and
confirmed with the SMS code, the service's CA issues a certificate naming them, valid for an
hour, to a fresh key that signs once and is thrown away. The signature's time-stamp proves it
was made while the certificate was valid. The certificate names the person and the application;
it never carries the ID number, only the keyed digest the caller computed from it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

from app.documents.signatures.authority import LEEWAY, PartyCA, key_usage

EVENT_CERTIFICATE_LIFETIME = timedelta(hours=1)
APPLICATION_LABEL = "申请编号 "
# id-kp-documentSigning (RFC 9336): what the key is for, and nothing else.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
# A hex HMAC (128 to 256 bits): an ID number (18 characters) can never pass for one.
_DIGEST = re.compile(r"[0-9a-f]{32,64}")
_UPPER_BOUND = 64  # RFC 5280's ub-common-name and ub-organizational-unit-name, in bytes as cryptography counts


@dataclass(frozen=True)
class PartyIdentity:
    """One signer, as verified: the name, a keyed digest of the ID number, the application."""

    name: str  # 姓名, as the identity provider confirmed it
    id_digest: str  # hex HMAC of the ID number under a key of the service: never the number itself
    application_number: str

    def __post_init__(self):
        if not self.name.strip() or len(self.name.encode()) > _UPPER_BOUND:
            raise ValueError("a signer's name must be 1 to 64 bytes of UTF-8 (21 Chinese characters)")
        if not _DIGEST.fullmatch(self.id_digest):
            raise ValueError("id_digest must be a keyed digest (hex HMAC) of the ID number, never the number")
        if not self.application_number or len((APPLICATION_LABEL + self.application_number).encode()) > _UPPER_BOUND:
            raise ValueError("an application number is required")


def event_subject(party: PartyIdentity) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, APPLICATION_LABEL + party.application_number),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, party.id_digest),
        x509.NameAttribute(NameOID.COMMON_NAME, party.name),
    ])


def issue_event_certificate(ca: PartyCA, party: PartyIdentity, *, now: datetime | None = None,
                            lifetime: timedelta = EVENT_CERTIFICATE_LIFETIME
                            ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A fresh P-256 key and its certificate for one signature by party, valid from now for lifetime."""
    start = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = ca.issue(event_subject(party), key.public_key(), start - LEEWAY, start + lifetime, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (key_usage(digital_signature=True, content_commitment=True), True),
        (x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), False),
    ])
    return key, certificate
