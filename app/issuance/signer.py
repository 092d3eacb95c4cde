"""The registration authority's signer, loaded once per process, and checking signed licences.

Production sets SIGNING_KEY_PATH and SIGNING_CERT_PATH (PEM/DER key and certificate, or a
PKCS#12 file as the key with no certificate path), and refuses to start or sign without them.
Without them, and only on a demonstration configuration, a demonstration key is made once under
instance/; every licence it signs says so (演示密钥) and the log says so once.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import x509 as asn1_x509
from flask import current_app

from app.documents.signing import Signer, demo_signer, verify_pdf

log = logging.getLogger(__name__)
DEMO_MARK = "演示密钥"
NO_REAL_KEY = ("SIGNING_KEY_PATH and SIGNING_CERT_PATH are not set: production signs licences only with the "
               "registration authority's real key and certificate, never a demonstration key")

_signers: dict[tuple, Signer] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class LicenceCheck:
    """What the verify page and `flask licence verify` report about an uploaded licence."""

    intact: bool
    valid: bool
    signer: str | None
    signed_at: datetime | None
    coverage: str | None
    demo: bool  # signed with the demonstration key, not a real authority's


def _settings(config) -> tuple[str, str, str, str, bool]:
    return (config["SIGNING_KEY_PATH"], config["SIGNING_CERT_PATH"], config["SIGNING_KEY_PASSPHRASE"],
            config["INSTANCE_PATH"], config["DEMONSTRATION"])


def _load(key_path: str, cert_path: str, passphrase: str, instance_dir: str, demonstration: bool) -> Signer:
    secret = passphrase.encode() if passphrase else None
    if key_path and cert_path:
        return Signer.from_pem(key_path, cert_path, secret)
    if key_path:
        return Signer.from_pkcs12(key_path, secret)
    if not demonstration:
        raise RuntimeError(NO_REAL_KEY)
    signer = demo_signer(instance_dir)
    log.warning("Licences are signed with a DEMONSTRATION key (%s/…): set SIGNING_KEY_PATH and "
                "SIGNING_CERT_PATH for real licences.", instance_dir)
    return signer


def _cached(settings: tuple) -> Signer:
    signer = _signers.get(settings)
    if signer is None:
        with _lock:
            signer = _signers.get(settings)
            if signer is None:
                signer = _signers[settings] = _load(*settings)
    return signer


def current_signer() -> Signer:
    """The signer for the current app's settings; parsed keys are kept for the process's life."""
    return _cached(_settings(current_app.config))


def production_refusal(config) -> str | None:
    """Why these settings cannot sign real licences (None when they can): checked when production
    starts, so a missing, unreadable, expired or demonstration key stops it before any licence."""
    if not config["SIGNING_KEY_PATH"]:
        return NO_REAL_KEY
    try:
        signer = _cached((*_settings(config)[:4], False))
    except Exception as error:  # whatever stops the key loading is the reason to refuse
        return f"SIGNING_KEY_PATH / SIGNING_CERT_PATH: the signing key and certificate cannot be loaded ({error})"
    if is_demo(signer):
        return "SIGNING_KEY_PATH / SIGNING_CERT_PATH: this is the demonstration key (演示密钥), not the authority's"
    if signer.certificate.not_valid_after < datetime.now(UTC):
        return f"SIGNING_CERT_PATH: the signing certificate expired on {signer.certificate.not_valid_after:%Y-%m-%d}"
    return None


def is_demo(signer: Signer) -> bool:
    return DEMO_MARK in (signer.certificate.subject.native.get("common_name") or "")


def trust_roots() -> list[asn1_x509.Certificate]:
    """What an uploaded licence must chain to: our signing certificate and its chain."""
    signer = current_signer()
    registry = signer.pyhanko_signer.cert_registry
    own = signer.certificate.dump()  # certificates compare by identity: the registry holds copies
    return [signer.certificate, *(cert for cert in registry if cert.dump() != own)]


def check_licence(pdf: bytes) -> LicenceCheck:
    """Is this PDF a licence we signed, unchanged since?"""
    result = verify_pdf(pdf, trust_roots())
    return LicenceCheck(result.intact, result.valid, result.signer, result.signed_at, result.coverage,
                        demo=DEMO_MARK in (result.signer or ""))
