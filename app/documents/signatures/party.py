"""One party's PAdES signature on a filing document, added in an incremental update.

Each signature goes in a new signature field of its own and covers the file as it was when the
party signed; later parties only append. Every earlier signature therefore stays valid, and
verify_party_signatures (checks.py) says whether anything but signatures was appended since.
"""

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from app.documents.lean_signer import LeanSigner
from app.documents.signatures.authority import PartyCA, asn1_certificate, asn1_private_key
from app.documents.signatures.event import EVENT_CERTIFICATE_LIFETIME, PartyIdentity, issue_event_certificate
from app.documents.signing import outside_event_loop


def party_field_name(position: int, name: str) -> str:
    """The signature field of the position-th signer (from 1), e.g. "签署人1 张三"."""
    return f"签署人{position} {name}"


def sign_as_party(pdf: bytes, party: PartyIdentity, ca: PartyCA, reason: str, location: str,
                  field_name: str, *, now=None, lifetime=EVENT_CERTIFICATE_LIFETIME) -> bytes:
    """pdf with party's signature (PAdES B-T: an event certificate, our time-stamp) in a new field.

    The event key signs this once and is dropped with this call. field_name must be new in the
    document: an existing field, signed or not, is refused (pyHanko raises SigningError).
    """
    key, certificate = issue_event_certificate(ca, party, now=now, lifetime=lifetime)
    signer = LeanSigner(signing_cert=asn1_certificate(certificate), signing_key=asn1_private_key(key),
                        cert_registry=ca.registry)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=party.name,
        reason=reason,
        location=location,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=ca.timestamper,
                                   new_field_spec=fields.SigFieldSpec(field_name))
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    return outside_event_loop(
        lambda: pdf_signer.sign_pdf(writer, bytes_reserved=ca.bytes_reserved).getvalue())
