"""Checking the electronic-seal signatures in a PDF (pure: no Flask, no database).

Each signature whose certificate the seal CA issued is checked against the seal CA as the only
trust root: is the signed content intact, does the certificate chain to the CA, and was the file
changed after it (coverage: a signature that does not cover the whole file was followed by
other revisions, accepted only when they are later signatures). Which seal it is — and whether
that seal was revoked since — is for the caller, by the certificate's serial.
"""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

from app.documents.signing import outside_event_loop


@dataclass(frozen=True)
class SealSignatureCheck:
    """One e-seal signature: whose seal (as the certificate says) and whether it holds."""

    field_name: str
    serial: str | None  # the certificate's serial, hex, as ElectronicSeal.serial
    seal_name: str | None  # the certificate's CN, e.g. "某某有限公司 公章"
    company: str | None  # O
    signed_at: datetime | None
    intact: bool  # the signed bytes are as signed
    chained: bool  # the certificate chains to the seal CA
    unchanged_after: bool  # nothing but later signatures was added after it
    coverage: str | None
    certificate: bytes = b""  # the signer's certificate, DER: a seal is named only by its own certificate

    @property
    def valid(self) -> bool:
        return self.intact and self.chained and self.unchanged_after


def signature_count(pdf: bytes) -> int:
    """How many signatures the file carries (0 when unreadable): cheap, nothing is validated."""
    try:
        return len(PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures)
    except Exception:  # a mangled file carries no signature that holds
        return 0


def seal_signatures(pdf: bytes, ca_cert: asn1_x509.Certificate) -> list[SealSignatureCheck]:
    """A check per signature in pdf made with a certificate the seal CA issued; [] when none or unreadable.

    The caller bounds the work: each validation compares every later revision, so the cost grows
    with the square of the signatures (app.verify.upload refuses more than MAX_SIGNATURES)."""
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # a mangled file carries no signature that holds
        return []
    return [_check(signature, ca_cert) for signature in signatures if _issued_by(signature, ca_cert)]


def _issued_by(signature: EmbeddedPdfSignature, ca_cert: asn1_x509.Certificate) -> bool:
    try:
        return signature.signer_cert.issuer == ca_cert.subject
    except Exception:  # no readable signer certificate: not one of ours
        return False


def _check(signature: EmbeddedPdfSignature, ca_cert: asn1_x509.Certificate) -> SealSignatureCheck:
    certificate = signature.signer_cert
    subject = certificate.subject.native
    named = dict(field_name=signature.field_name, serial=format(certificate.serial_number, "x"),
                 seal_name=subject.get("common_name"), company=subject.get("organization_name"),
                 certificate=certificate.dump())
    try:
        status = outside_event_loop(
            lambda: validate_pdf_signature(signature, ValidationContext(trust_roots=[ca_cert])))
    except Exception:  # malformed signature data: reported as failing, never raised
        return SealSignatureCheck(**named, signed_at=None, intact=False, chained=False, unchanged_after=False,
                                  coverage=None)
    level = status.modification_level
    unchanged = bool(status.docmdp_ok is not False and level is not None and level <= ModificationLevel.FORM_FILLING)
    return SealSignatureCheck(
        **named, signed_at=status.signer_reported_dt, intact=bool(status.intact and status.valid),
        chained=bool(status.trusted), unchanged_after=unchanged,
        coverage=status.coverage.name if status.coverage else None)
