"""The writes of signing: asking every party, checking who they are, their signature or their refusal.

None commits. A refusal (`SigningRefused`) may have counted a failure on the signature row: the
caller commits that count before answering, so that guessing is bounded (SIGNING_MAX_FAILURES in a
row lock the link for SIGNING_LOCK_MINUTES). The last signature accepts the application (受理);
the caller then commits and queues the pipeline (`app.pipeline.operations.commit_and_queue`).

At the window (帮代办, 现场见证) a clerk passes `witness=` (the signed-in staff User): the clerk has
checked the ID card original in person; the same identity check and code follow, and the clerk
is recorded on the signature, in the audit trail and in the PDF signature (app.signing.witness).

Where the centre asks for it (SIGNING_LIVENESS), a passed identity check through the link is
followed by a liveness check (活体检测) at the identity provider's page before any code is sent:
`verify_party` answers `LivenessNeeded`, and `confirm_liveness` asks the provider for the result
and sends the code only when it passed; a failed one counts as a wrong try. At the window the clerk
sees the party's face against the ID card: no liveness check there.
"""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.applications.operations import accept, change_status, record
from app.extensions import db
from app.messages.operations import queue_sms
from app.models import Application, ApplicationStatus, Signature, SignatureStatus, User
from app.models.types import utcnow
from app.privacy import current_keys, decrypt_value, encrypt_value, normalise_phone
from app.privacy.values import ID_NUMBER
from app.privacy.values import digest as keyed_digest
from app.refusal import Refusal
from app.rules.id_number import normalise_id
from app.signing import codes, delivery, liveness, texts
from app.signing import witness as witnessing
from app.signing.documents import add_filing_documents, lock_for_signing, sign_filing_documents
from app.signing.parties import Signer, mask_name, mask_phone, same_id_number, signers_of
from app.urls import public_url
from integrations import Refused, Retryable
from integrations.registry import agencies

SIGN, DECLINE = "sign", "decline"
DECISIONS = (SIGN, DECLINE)
IDENTITY_RETRY_SECONDS = 5  # when the identity provider gives no Retry-After
MAX_CODES = 10  # identity checks (and codes texted) per link: the party's phone is not to be flooded
REASON_MAX = 200


class SigningRefused(Refusal):
    """Refused, as Refusal; `retry_after` (seconds) for a lock (429) or an identity provider that is down (503)."""

    def __init__(self, message: str, status: int = 422, retry_after: int | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Verified:
    verification: str  # the handle the party gives back with the code
    sms_sent_to: str  # the phone, masked
    message_key: str  # the code's text in the outbox


@dataclass(frozen=True)
class LivenessNeeded:
    handle: str  # what the party gives back after the provider's page (app.signing.liveness)
    url: str  # the provider's page


@dataclass(frozen=True)
class Decided:
    status: str  # signed or declined
    signed_at: datetime
    accepted: bool  # this was the last signature: the application is accepted, queue the pipeline


def actor_of(signature: Signature) -> str:
    return f"party:{signature.position}"


def _actor(signature: Signature, witness: User | None) -> User | str:
    """Who the audit trail names: the witnessing clerk at the window, else the party."""
    return witness if witness is not None else actor_of(signature)


def request_signatures(application: Application) -> list[Signature]:
    """At filing: make the 申请书 (and 章程), one signature row per natural person, and text each
    their one-time link (through the outbox, sent after the commit). The tokens live only in the texts."""
    add_filing_documents(application)
    now = utcnow()
    expires_at = codes.link_expires_at(now)
    lookup_secret = current_keys().lookup[0]
    days = float(current_app.config["SIGNING_VALID_WORKING_DAYS"])
    made = []
    for position, signer in enumerate(signers_of(application.form), start=1):
        token = codes.new_token()
        signature = Signature(
            application_id=application.id, position=position, name=signer.name, roles=list(signer.roles),
            id_digest=keyed_digest(ID_NUMBER, signer.id_number, lookup_secret),
            phone=encrypt_value(normalise_phone(decrypt_value(signer.phone))), token_digest=codes.digest(token),
            expires_at=expires_at, status=SignatureStatus.PENDING, failures=0, verifications=0, created_at=now)
        db.session.add(signature)
        db.session.flush()
        link = public_url(f"/sign/{token}")
        queue_sms(signer.phone, texts.link_sms(application.number, application.company_name, days, link),
                  delivery.link_keys(application.number, [position])[0], application)
        made.append(signature)
    return made


def _signer(application: Application, signature: Signature) -> Signer:
    """The party as the form names them (their ID number and phone live in the form, encrypted)."""
    return signers_of(application.form)[signature.position - 1]


def _check_open(signature: Signature, application: Application, now: datetime) -> None:
    """409 once this party has answered or the application no longer waits; 429 while locked."""
    if signature.status != SignatureStatus.PENDING:
        raise SigningRefused(_("您已签署或拒绝签署，此链接不能再次使用"), 409)
    if application.status != ApplicationStatus.AWAITING_SIGNATURES:
        raise SigningRefused(_("该申请已不再等待签署（已撤回或已受理）"), 409)
    if signature.locked_until is not None and signature.locked_until > now:
        seconds = math.ceil((signature.locked_until - now).total_seconds())
        raise SigningRefused(_("尝试次数过多，此链接已暂时锁定，请%(minutes)d分钟后再试",
                               minutes=math.ceil(seconds / 60)), 429, retry_after=seconds)


def _fail(signature: Signature, now: datetime, message: str) -> None:
    """Count one failure (wrong ID number, refused identity, wrong code) and refuse; at the limit, lock."""
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


def _check_deadline(signature: Signature, now: datetime) -> None:
    """At the window there is no link to expire: the link's deadline still holds."""
    if signature.expires_at <= now:
        raise SigningRefused(_("签署期限已过，不能再签署"), 409)


def verify_party(signature: Signature, id_number: str, witness: User | None = None,
                 return_url: str | None = None) -> Verified | LivenessNeeded:
    """The party's ID number against the form's, then name + ID number + phone at the identity
    provider (实名核验), then a fresh 6-digit code to that phone. With `witness`, the clerk who
    checked the ID card original in person is noted on the signature and named in the audit trail.
    With SIGNING_LIVENESS (and no witness) no code yet: the provider's liveness page, which sends
    the party back to `return_url` (`confirm_liveness` then sends the code)."""
    now = utcnow()
    application = db.session.get(Application, signature.application_id)
    _check_open(signature, application, now)
    if witness is not None:
        _check_deadline(signature, now)
    if (signature.verifications or 0) >= MAX_CODES:
        raise SigningRefused(_("验证码发送次数过多，请到窗口办理或联系工作人员"), 429)
    signer = _signer(application, signature)
    if not same_id_number(id_number, signer.id_number):
        _fail(signature, now, _("身份证件号码与申请中该签署人的不一致，请核对后重新输入"))
    phone = normalise_phone(decrypt_value(signature.phone))
    identity_key = f"identity:{application.number}:{signature.position}:{signature.verifications or 0}"
    try:
        answer = agencies().identity.verify(signer.name, normalise_id(signer.id_number), phone, identity_key)
    except Retryable as error:
        raise SigningRefused(_("实名核验服务暂时无法访问，请稍后再试"), 503,
                             retry_after=math.ceil(error.retry_after or IDENTITY_RETRY_SECONDS)) from error
    except Refused as error:
        if error.code != "mismatch":  # the provider could not check (not the party's doing): not counted
            raise SigningRefused(_("实名核验未能完成：%(reason)s", reason=error.reason), 422) from error
        _fail(signature, now, _("实名核验未通过：姓名、身份证件号码与手机号码不属于同一人。"
                                "如信息无误，请本人携带身份证到窗口办理"))
    reference = str(answer.get("reference") or "")[:100]
    if witness is None and current_app.config["SIGNING_LIVENESS"]:
        return _start_liveness(application, signature, reference, return_url, now)
    signature.verifications = (signature.verifications or 0) + 1
    signature.verified_at, signature.identity_reference = now, reference
    return _send_code(application, signature, now, witness)


def _start_liveness(application: Application, signature: Signature, reference: str, return_url: str | None,
                    now: datetime) -> LivenessNeeded:
    """Open a liveness session at the provider for this check; any earlier code is void from here.
    It counts as a check towards MAX_CODES, so the provider cannot be flooded from one link."""
    count = (signature.verifications or 0) + 1
    key = f"liveness:{application.number}:{signature.position}:{count}:{secrets.token_hex(4)}"  # a new session each time
    try:
        opened = agencies().identity.start_liveness(reference, return_url, key)
    except Retryable as error:
        raise SigningRefused(_("实名核验服务暂时无法访问，请稍后再试"), 503,
                             retry_after=math.ceil(error.retry_after or IDENTITY_RETRY_SECONDS)) from error
    except Refused as error:
        raise SigningRefused(_("活体检测未能开始：%(reason)s", reason=error.reason), 422) from error
    signature.verifications = count
    signature.verified_at, signature.identity_reference = now, reference
    signature.verification_digest = signature.code_digest = signature.code_expires_at = None
    witnessing.clear_witness(signature)
    return LivenessNeeded(liveness.handle_for(signature, str(opened["session"])), str(opened["url"]))


def confirm_liveness(signature: Signature, handle: str) -> Verified:
    """Back from the provider's page: ask the provider (never the party) how the liveness check went;
    passed → the code is sent, as after an identity check; failed → counted as a wrong try."""
    now = utcnow()
    application = db.session.get(Application, signature.application_id)
    _check_open(signature, application, now)
    session = liveness.session_of(handle, signature)
    if session is None:
        raise SigningRefused(_("活体检测已失效，请重新核验身份"), 422)
    if signature.verification_digest is not None:
        raise SigningRefused(_("本次活体检测已确认，验证码已发送"), 409)
    try:
        result = agencies().identity.liveness_result(session)
    except Retryable as error:
        raise SigningRefused(_("实名核验服务暂时无法访问，请稍后再试"), 503,
                             retry_after=math.ceil(error.retry_after or IDENTITY_RETRY_SECONDS)) from error
    except Refused as error:
        raise SigningRefused(_("活体检测未能完成：%(reason)s", reason=error.reason), 422) from error
    if not signature.identity_reference or result.get("reference") != signature.identity_reference:
        raise SigningRefused(_("活体检测已失效，请重新核验身份"), 422)
    if result.get("status") == "pending":
        raise SigningRefused(_("尚未完成活体检测，请先在检测页面完成"), 409)
    if result.get("status") != "passed":
        signature.identity_reference = ""  # this check is spent: the same handle is not counted twice
        _fail(signature, now, _("活体检测未通过。如确为本人，请重新核验身份后再试，或本人携带身份证到窗口办理"))
    return _send_code(application, signature, now, None)


def _send_code(application: Application, signature: Signature, now: datetime, witness: User | None) -> Verified:
    """A fresh handle and 6-digit code for the check just passed, texted to the party's phone."""
    phone = normalise_phone(decrypt_value(signature.phone))
    verification, code = codes.new_verification(), codes.new_code()
    signature.verification_digest = codes.digest(verification)
    signature.code_digest = codes.code_digest(signature.id, verification, code)
    signature.code_expires_at = codes.code_expires_at(now)
    if witness is not None:
        witnessing.mark_checked_in_person(signature, witness)
        with force_locale("zh"):
            note = _("%(position)d（已现场核验身份证原件，%(witness)s）", position=signature.position,
                     witness=witnessing.witness_words(witness.display_name))
        record(application, witness, "party_verified", note=note)
    else:
        witnessing.clear_witness(signature)
        record(application, actor_of(signature), "party_verified", note=str(signature.position))
    key = delivery.code_key(application.number, signature.position, signature.verifications)
    queue_sms(phone, texts.code_sms(code, current_app.config["SIGNING_CODE_MINUTES"]), key, application)
    return Verified(verification, mask_phone(phone), key)


def decide(signature: Signature, verification: str, sms_code: str, decision: str, reason: str = "",
           witness: User | None = None) -> Decided:
    """With the code of a passed identity check: sign (the party's PAdES signature on every filing
    document) or decline (the application is withdrawn). The application's row is held first, so two
    parties answering at once are written one after the other. With `witness`, the identity check
    must have been the same clerk's at the window; the signature records them."""
    application = db.session.get(Application, signature.application_id)
    lock_for_signing(application)
    db.session.refresh(application)
    db.session.refresh(signature)
    now = utcnow()
    _check_open(signature, application, now)
    if witness is not None:
        _check_deadline(signature, now)
        if not witnessing.checked_by(signature, witness):
            raise SigningRefused(_("请先现场核验身份证原件并发送验证码"), 422)
    if not codes.matches(signature.verification_digest, codes.digest(verification or "")):
        _fail(signature, now, _("请先核验身份并获取短信验证码"))
    if signature.code_expires_at is None or signature.code_expires_at <= now:
        signature.verification_digest = signature.code_digest = signature.code_expires_at = None
        raise SigningRefused(_("验证码已过期，请重新核验身份获取新的验证码"), 422)
    if not codes.matches(signature.code_digest, codes.code_digest(signature.id, verification, sms_code or "")):
        _fail(signature, now, _("验证码不正确，请核对短信中的6位数字"))
    signature.verification_digest = signature.code_digest = signature.code_expires_at = None  # one use
    signature.failures, signature.signed_at = 0, now
    if witness is None:
        witnessing.clear_witness(signature)
    if decision == DECLINE:
        return _decline(application, signature, reason.strip() or _("签署人拒绝签署"), now, witness)
    signature.status = SignatureStatus.SIGNED
    if witness is not None:
        signature.witnessed_at = now
        witnessing.sign_witnessed(application, signature)
        with force_locale("zh"):
            note = _("%(position)d（%(witness)s）", position=signature.position,
                     witness=witnessing.witness_words(signature.witnessed_by or ""))
        record(application, witness, "party_signed", note=note)
    else:
        sign_filing_documents(application, signature)
        record(application, actor_of(signature), "party_signed", note=str(signature.position))
    db.session.flush()
    waiting = db.session.scalar(select(func.count()).select_from(Signature).where(
        Signature.application_id == application.id, Signature.status != SignatureStatus.SIGNED))
    if waiting:
        return Decided(SignatureStatus.SIGNED, now, accepted=False)
    accept(application, _actor(signature, witness), now)
    return Decided(SignatureStatus.SIGNED, now, accepted=True)


def _decline(application: Application, signature: Signature, reason: str, now: datetime,
             witness: User | None = None) -> Decided:
    """The party will not sign: the application is withdrawn with their reason, and the others are told."""
    signature.status, signature.decline_reason = SignatureStatus.DECLINED, reason[:REASON_MAX]
    with force_locale("zh"):
        note = _("%(name)s拒绝签署：%(reason)s", name=mask_name(signature.name), reason=signature.decline_reason)
    if witness is not None:
        signature.witnessed_at = now
    change_status(application, ApplicationStatus.WITHDRAWN, _actor(signature, witness), "signature_declined", note=note)
    others = db.session.scalars(select(Signature).where(Signature.application_id == application.id,
                                                        Signature.id != signature.id)).all()
    with force_locale("zh"):
        text = _("【企业开办】申请%(number)s（%(company)s）已撤回：%(note)s", number=application.number,
                 company=application.company_name, note=note)
    for other in others:
        queue_sms(decrypt_value(other.phone), text, f"signing-declined:{application.number}:{other.position}",
                  application)
    return Decided(SignatureStatus.DECLINED, now, accepted=False)
