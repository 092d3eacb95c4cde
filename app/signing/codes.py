"""The secrets of signing — the link's token, the verification handle, the SMS code — and their digests.

The token and the handle are 256 and 192 random bits: their SHA-256 is all that is stored. The
code is 6 digits, too few to keep as a plain hash (a stolen row could be tried against all a
million), so it is kept as an HMAC under SECRET_KEY bound to the signature and the handle.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, time, timedelta

from flask import current_app

from app.sla import Commitment, due_at
from app.sla.centre import calendar, office_hours
from app.timefmt import SHANGHAI

CODE_DIGITS = 6


def new_token() -> str:
    """A one-time signing token for a link (URL-safe, 43 characters)."""
    return secrets.token_urlsafe(32)


def new_verification() -> str:
    """The handle of one passed identity check, given back with the code."""
    return secrets.token_urlsafe(24)


def new_code() -> str:
    """A 6-digit code for an SMS."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def digest(secret: str) -> str:
    """SHA-256 of a random secret, as it is stored and looked up."""
    return hashlib.sha256(secret.encode()).hexdigest()


def code_digest(signature_id: int, verification: str, code: str) -> str:
    """The code's HMAC under SECRET_KEY, bound to one signature and one verification."""
    message = f"signing-code:{signature_id}:{verification}:{code}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def matches(stored: str | None, candidate: str) -> bool:
    return bool(stored) and hmac.compare_digest(stored, candidate)


def link_expires_at(now: datetime) -> datetime:
    """The end (midnight, Shanghai) of the day on which SIGNING_VALID_WORKING_DAYS working days from
    `now` run out, on the centre's calendar and office hours: a link opened in the evening still works."""
    days = float(current_app.config["SIGNING_VALID_WORKING_DAYS"])
    last = due_at(now, calendar(), office_hours(), Commitment(days)).astimezone(SHANGHAI)
    return datetime.combine(last.date() + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def code_expires_at(now: datetime) -> datetime:
    return now + timedelta(minutes=current_app.config["SIGNING_CODE_MINUTES"])
