"""Application numbers and the applicant's access token.

The token is an HMAC of the number and the application's `token_generation` under SECRET_KEY:
nothing secret is stored, a repeated submission (same Idempotency-Key) can hand the same token
back, and one application's token is revoked by counting its generation up (`reissue_token`),
without touching SECRET_KEY. Generation 0 gives the token every application had before
generations existed.

Build every token with `application_token(application, secret)` (or pass the generation to
`access_token`): a token made without the current generation is one that no longer opens anything.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.operations import Actor, record_event
from app.messages.operations import queue_sms
from app.models import Application
from app.timefmt import SHANGHAI
from app.urls import public_url


def new_number(now: datetime) -> str:
    """A public application number: the local date and ten random digits (collisions are retried)."""
    return now.astimezone(SHANGHAI).strftime("%Y%m%d") + f"{secrets.randbelow(10**10):010d}"


def access_token(number: str, secret: str, generation: int) -> str:
    """The token of `number` in its `generation` (0: the original message, so old links keep working)."""
    message = b"access:" + number.encode()
    if generation:
        message += b":" + str(generation).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def application_token(application: Application, secret: str) -> str:
    """The applicant's current token."""
    return access_token(application.number, secret, application.token_generation or 0)


def token_matches(application: Application, token: str | None, secret: str) -> bool:
    """Whether `token` is the application's current token (an older generation's is not)."""
    return bool(token) and hmac.compare_digest(application_token(application, secret), token)


def tracking_link(application: Application, secret: str) -> str:
    """The applicant's own way in, for an SMS: the absolute tracking address with the current token.

    Only ever sent to the applicant; no page shows it (GET /track/<number>?t= exchanges it for a cookie).
    """
    return public_url(f"/track/{application.number}?t={application_token(application, secret)}")


def reissue_token(application: Application, actor: Actor, secret: str, note: str | None = None) -> None:
    """Revoke the applicant's token and send the new link to the contact phone, never to the clerk.

    The old token stops opening the API, the tracking cookie and the documents at once (they are
    checked against the current generation). Audited with `actor` and why (`note`). No commit.
    """
    application.token_generation = (application.token_generation or 0) + 1
    record_event("token_reissued", actor, application, note=note,
                 from_status=application.status, to_status=application.status)
    with force_locale("zh"):  # the applicant's SMS, whatever language the clerk's page is in
        text = _("【企业开办】申请%(number)s的查询链接已重新签发，旧链接已失效：%(link)s",
                 number=application.number, link=tracking_link(application, secret))
    # Through the outbox, in this transaction: sent once after the commit, never lost, never twice.
    queue_sms(application.form["contact"]["phone"], text,
              f"token-reissued:{application.number}:{application.token_generation}", application=application)
