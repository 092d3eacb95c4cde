"""The service's signature on an archive's manifest: a detached CMS (PKCS#7) SignedData, DER.

Made with the key and certificate that sign the licences (app.issuance.signer), so the one
certificate a reader already trusts for our licences also vouches for our archives. A digest
alone would prove nothing: whoever changed a file could write its new digest as well.
"""

import asyncio
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from app.documents.signing import Signer, outside_event_loop


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature on a manifest says: sound and ours (valid), by whom, when."""

    valid: bool
    signer: str | None = None
    signed_at: datetime | None = None


def sign_manifest(manifest_bytes: bytes, signer: Signer, signed_at: datetime) -> bytes:
    """manifest.json.p7s: SHA-256, the signer's certificate inside, the content left out (detached),
    the signing time the manifest's `made_at`."""
    attributes = PdfCMSSignedAttributes(signing_time=signed_at)
    signed = outside_event_loop(lambda: asyncio.run(signer.pyhanko_signer.async_sign_general_data(
        manifest_bytes, "sha256", detached=True, signed_attr_settings=attributes)))
    return signed.dump()


def check_signature(manifest_bytes: bytes, p7s: bytes, trust_roots: list[asn1_x509.Certificate]) -> SignatureCheck:
    """Does p7s sign exactly these bytes, with a certificate that chains to trust_roots? Never raises."""
    try:
        content_info = cms.ContentInfo.load(p7s)
        if content_info["content_type"].native != "signed_data":
            return SignatureCheck(False)
        signed_data = content_info["content"]
        status = outside_event_loop(lambda: asyncio.run(async_validate_detached_cms(
            manifest_bytes, signed_data, signer_validation_context=ValidationContext(trust_roots=trust_roots))))
    except Exception:  # a mangled or foreign file is simply not a valid signature
        return SignatureCheck(False)
    name = status.signing_cert.subject.native.get("common_name") if status.signing_cert else None
    return SignatureCheck(bool(status.bottom_line), name, status.signer_reported_dt)
