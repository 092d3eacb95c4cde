"""An electronic seal's signing key: made here, kept only sealed, opened in memory to sign.

The PKCS#8 DER of the key is base64-encoded and sealed with the personal-data keys from settings
(app.privacy, PERSONAL_DATA_KEYS), so a copy of the database alone signs nothing.
"""

import base64

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign.signers import Signer

from app.documents.lean_signer import LeanSigner
from app.eseals.authority import seal_ca
from app.models.eseals import ElectronicSeal
from app.privacy import decrypt_value, encrypt_value


def new_key() -> ec.EllipticCurvePrivateKey:
    """A fresh P-256 key for one seal."""
    return ec.generate_private_key(ec.SECP256R1())


def sealed_key(key: ec.EllipticCurvePrivateKey) -> str:
    """The key as stored: PKCS#8 DER, base64, sealed with the first personal-data key."""
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return encrypt_value(base64.b64encode(der).decode("ascii"))


def _opened_key(seal: ElectronicSeal) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(base64.b64decode(decrypt_value(seal.private_key)))


def seal_certificate(seal: ElectronicSeal) -> asn1_x509.Certificate:
    """The seal's certificate, for pyHanko."""
    return asn1_x509.Certificate.load(seal.certificate)


def seal_signer(seal: ElectronicSeal) -> Signer:
    """A pyHanko signer with the seal's key (opened in memory only) and its certificate chain."""
    return LeanSigner(signing_cert=seal_certificate(seal), signing_key=_opened_key(seal),
                      cert_registry=seal_ca().registry)
