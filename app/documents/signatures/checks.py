"""Checking every party signature on a filing document against the party CA.

A party signature is valid when its bytes are intact, its event certificate chains to our party
CA, and our time-stamp (trusted through the same CA) falls inside the certificate's hour: the
certificate is checked at the time-stamp's time, so a signature stays valid after the hour.
Whether anything but signatures was appended after a signature is reported beside it.
"""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import find_unique_cms_attribute
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

from app.documents.signatures.event import APPLICATION_LABEL
from app.documents.signing import outside_event_loop


@dataclass(frozen=True)
class PartySignatureCheck:
    """What one signature on the document says, and whether it holds."""

    field_name: str | None
    signer: str | None  # the event certificate's name (CN)
    id_digest: str | None  # its serialNumber: the keyed digest of the signer's ID number
    application_number: str | None
    signed_at: datetime | None  # the trusted time-stamp's time, else what the signature claims
    timestamped: bool  # carries a time-stamp of ours that validates
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact, sound, time-stamped, and chained to the party CA at that time
    chained: bool  # the certificate chains to the party CA
    coverage: str | None  # ENTIRE_FILE for the last signature, ENTIRE_REVISION for earlier ones
    only_signatures_after: bool  # every later revision only added a signature

    @property
    def ok(self) -> bool:
        """Valid, and nothing but signatures added since."""
        return self.valid and self.only_signatures_after


def verify_party_signatures(pdf: bytes, ca_cert: asn1_x509.Certificate) -> list[PartySignatureCheck]:
    """One check per signature in pdf, in signing order; [] for an unsigned or unreadable file."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        revisions = reader.xrefs.total_revisions
    except Exception:  # a mangled file carries no signature that holds
        return []
    signed_revisions = [signature.signed_revision for signature in signatures]
    return [_check(signature, ca_cert, _only_signed_revisions_after(signature.signed_revision,
                                                                     signed_revisions, revisions))
            for signature in signatures]


def _only_signed_revisions_after(revision: int, signed_revisions: list[int], revisions: int) -> bool:
    return all(later in signed_revisions for later in range(revision + 1, revisions))


def _check(signature: EmbeddedPdfSignature, ca_cert: asn1_x509.Certificate, revisions_signed: bool
           ) -> PartySignatureCheck:
    claimed = _timestamp_claimed(signature)
    # Checked as at the time-stamp: it must itself be ours and intact (below) for that to count.
    context = ValidationContext(trust_roots=[ca_cert], moment=claimed) if claimed else \
        ValidationContext(trust_roots=[ca_cert])
    try:
        status = outside_event_loop(lambda: validate_pdf_signature(signature, context))
    except Exception:  # malformed signature data: reported as failing, never raised
        return PartySignatureCheck(signature.field_name, None, None, None, None, False, False, False, False,
                                   None, False)
    stamp = status.timestamp_validity
    timestamped = bool(stamp and stamp.intact and stamp.valid and stamp.trusted and stamp.timestamp == claimed)
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    unit = subject.get("organizational_unit_name") or ""
    level = status.modification_level
    return PartySignatureCheck(
        field_name=signature.field_name,
        signer=subject.get("common_name"),
        id_digest=subject.get("serial_number"),
        application_number=unit.removeprefix(APPLICATION_LABEL) if unit.startswith(APPLICATION_LABEL) else None,
        signed_at=claimed if timestamped else status.signer_reported_dt,
        timestamped=timestamped,
        intact=status.intact,
        valid=bool(status.intact and status.valid and status.trusted and timestamped),
        chained=status.trusted,
        coverage=status.coverage.name if status.coverage else None,
        only_signatures_after=bool(
            revisions_signed and status.docmdp_ok is not False and level is not None
            and level <= ModificationLevel.FORM_FILLING),
    )


def _timestamp_claimed(signature: EmbeddedPdfSignature) -> datetime | None:
    """The time in the signature's time-stamp token, unverified yet."""
    try:
        token = find_unique_cms_attribute(signature.signer_info["unsigned_attrs"], "signature_time_stamp_token")
        return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:  # no token, or not one we can read: no time-stamp
        return None
