"""Application numbers and the applicant's access token.

The token is an HMAC of the number under SECRET_KEY: nothing secret is stored, and a repeated
submission (same Idempotency-Key) can hand the same token back.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from app.timefmt import SHANGHAI


def new_number(now: datetime) -> str:
    """A public application number: the local date and ten random digits (collisions are retried)."""
    return now.astimezone(SHANGHAI).strftime("%Y%m%d") + f"{secrets.randbelow(10**10):010d}"


def access_token(number: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), b"access:" + number.encode(), hashlib.sha256).hexdigest()
    return digest[:32]


def token_matches(number: str, token: str | None, secret: str) -> bool:
    return bool(token) and hmac.compare_digest(access_token(number, secret), token)
