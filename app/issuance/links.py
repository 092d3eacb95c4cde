"""Public links printed on documents: the licence's signed verification URL, the voucher's URL.

The licence QR carries a short HMAC of the credit code, so a QR printed by a forger for a real
code (pointing at a look-alike site, or at our page with made-up facts beside it) is told apart
from one we printed: only we can compute the signature.
"""

import base64
import hashlib
import hmac

from flask import current_app

from app.urls import public_url

QR_SIGNATURE_LENGTH = 10  # base32 symbols: 50 bits, short enough to keep the QR small


def qr_signature(uscc: str, secret: str) -> str:
    """The short signature of a credit code under the service's secret."""
    digest = hmac.new(secret.encode(), b"licence-qr:" + uscc.upper().encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:QR_SIGNATURE_LENGTH].lower()


def qr_signature_matches(uscc: str, signature: str, secret: str) -> bool:
    """True if signature is the one we print for uscc (case-insensitive, as scanners vary)."""
    # As bytes: compare_digest refuses str with non-ASCII characters, and `s` is whatever the address says.
    return hmac.compare_digest(qr_signature(uscc, secret).encode(), signature.strip().lower().encode())


def verify_url(uscc: str) -> str:
    """The URL in the licence's QR code: the public verification page with the signature."""
    return public_url(f"/verify/{uscc}?s={qr_signature(uscc, current_app.config['SECRET_KEY'])}")


def voucher_url(code: str) -> str:
    """The URL in the voucher's QR code: what a seal shop's scanner posts to, to redeem it."""
    return public_url(f"/api/v1/seal-vouchers/{code}/redeem")
