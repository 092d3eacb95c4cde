"""The guards around every try at signing: is this party's link still open, how many wrong tries,
the lock, and the refusal a view answers with.

A refusal (`SigningRefused`) may have counted a failure on the signature row: the caller commits
that count before answering, so that guessing is bounded (SIGNING_MAX_FAILURES in a row lock the
link for SIGNING_LOCK_MINUTES). Every count is made with the application's row held and the
party's row read again (`hold`), so two tries at once count as two.
"""

import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from app.applications.operations import hold_fresh
from app.extensions import db, limiter
from app.models import Application, ApplicationStatus, Signature, SignatureStatus
from app.refusal import Refusal
from integrations import Retryable

IDENTITY_RETRY_SECONDS = 5  # when the identity provider gives no Retry-After
MAX_CODES = 10  # identity checks (and codes texted) per link and round: the party's phone is not to be flooded


def signing_rate() -> str:
    return current_app.config["RATELIMIT_SIGNING"]


# Every signing POST from one address, the page's and the API's in one count (RATELIMIT_SIGNING): the
# failure lock bounds guessing on one link; this bounds one address trying many links.
limit_signing = limiter.shared_limit(signing_rate, scope="signing", methods=["POST"])


class SigningRefused(Refusal):
    """Refused, as Refusal; `retry_after` (seconds) for a lock (429) or an identity provider that is down (503)."""

    def __init__(self, message: str, status: int = 422, retry_after: int | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


def provider_down(error: Retryable) -> SigningRefused:
    """The identity provider did not answer (a timeout, a 5xx, a 429): try again later, nothing counted."""
    return SigningRefused(_("实名核验服务暂时无法访问，请稍后再试"), 503,
                          retry_after=math.ceil(error.retry_after or IDENTITY_RETRY_SECONDS))


def check_open(signature: Signature, application: Application, now: datetime) -> None:
    """409 once this party has answered or the application no longer waits; 429 while locked."""
    if signature.status != SignatureStatus.PENDING:
        raise SigningRefused(_("您已签署或拒绝签署，此链接不能再次使用"), 409)
    if application.status != ApplicationStatus.AWAITING_SIGNATURES:
        raise SigningRefused(_("该申请已不再等待签署（已撤回或已受理）"), 409)
    if signature.locked_until is not None and signature.locked_until > now:
        seconds = math.ceil((signature.locked_until - now).total_seconds())
        raise SigningRefused(_("尝试次数过多，此链接已暂时锁定，请%(minutes)d分钟后再试",
                               minutes=math.ceil(seconds / 60)), 429, retry_after=seconds)


def check_deadline(signature: Signature, now: datetime) -> None:
    """At the window there is no link to expire: the link's deadline still holds."""
    if signature.expires_at <= now:
        raise SigningRefused(_("签署期限已过，不能再签署"), 409)


def check_codes_left(signature: Signature) -> None:
    if (signature.verifications or 0) >= MAX_CODES:
        raise SigningRefused(_("验证码发送次数过多，请到窗口办理或联系工作人员"), 429)


def hold(application: Application, signature: Signature, now: datetime) -> None:
    """Hold the application's row, read the party's again, and check it is still open (not answered,
    not locked by a try that ran at the same time)."""
    hold_fresh(application.id)
    db.session.refresh(signature)
    check_open(signature, application, now)


def fail(signature: Signature, now: datetime, message: str) -> None:
    """Count one failure (wrong ID number, refused identity, wrong code) and refuse; at the limit, lock.
    Call with the row held (`hold`)."""
    config = current_app.config
    signature.failures = (signature.failures or 0) + 1
    if signature.failures >= config["SIGNING_MAX_FAILURES"]:
        signature.failures = 0
        signature.locked_until = now + timedelta(minutes=config["SIGNING_LOCK_MINUTES"])
        signature.verification_digest = signature.code_digest = signature.code_expires_at = None
        raise SigningRefused(_("尝试次数过多，此链接已暂时锁定，请%(minutes)d分钟后再试",
                               minutes=config["SIGNING_LOCK_MINUTES"]), 429,
                             retry_after=config["SIGNING_LOCK_MINUTES"] * 60)
    raise SigningRefused(message, 422)
