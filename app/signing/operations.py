"""The writes of signing: checking who a party is, their signature or their refusal.

None commits. A refusal (`SigningRefused`, app.signing.attempts) may have counted a failure: the
caller commits it before answering. The parties are asked in app.signing.requests. The last
signature accepts the application (受理) — or, after a correction, resumes it; the caller then
commits and queues the pipeline (`app.pipeline.operations.commit_and_queue`).

At the window (帮代办, 现场见证) a clerk passes `witness=` (the signed-in staff User): the clerk has
checked the ID card original in person; the same identity check and code follow, and the clerk
is recorded on the signature, in the audit trail and in the PDF signature (app.signing.witness).

Where the centre asks for it (SIGNING_LIVENESS), a passed identity check through the link is
followed by a liveness check (活体检测) at the identity provider's page before any code is sent:
`verify_party` answers `LivenessNeeded`, and `confirm_liveness` asks the provider for the result
and sends the code only when it passed; a failed one counts as a wrong try. At the window the clerk
sees the party's face against the ID card: no liveness check there.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.applications.operations import accept, change_status, record
from app.extensions import db
from app.messages.operations import queue_sms
from app.models import Application, ApplicationStatus, Signature, SignatureStatus, User
from app.models.types import utcnow
from app.privacy import decrypt_value, normalise_phone
from app.rules.id_number import normalise_id
from app.signing import codes, delivery, liveness, texts
from app.signing import witness as witnessing
from app.signing.attempts import (
    SigningRefused,
    check_codes_left,
    check_deadline,
    check_open,
    fail,
    hold,
    provider_down,
)
from app.signing.documents import sign_filing_documents
from app.signing.parties import Signer, mask_name, mask_phone, same_id_number, signers_of
from integrations import Refused, Retryable
from integrations.registry import agencies

SIGN, DECLINE = "sign", "decline"
DECISIONS = (SIGN, DECLINE)
REASON_MAX = 200


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


def _signer(application: Application, signature: Signature) -> Signer:
    """The party as the form names them (their ID number and phone live in the form, encrypted)."""
    return signers_of(application.form)[signature.position - 1]


def verify_party(signature: Signature, id_number: str, witness: User | None = None,
                 return_url: str | None = None) -> Verified | LivenessNeeded:
    """The party's ID number against the form's, then name + ID number + phone at the identity
    provider (实名核验), then a fresh 6-digit code to that phone. With `witness`, the clerk who
    checked the ID card original in person is noted on the signature and named in the audit trail.
    With SIGNING_LIVENESS (and no witness) no code yet: the provider's liveness page, which sends
    the party back to `return_url` (`confirm_liveness` then sends the code).

    Nothing is written before the provider answers (on SQLite a write would hold the database for
    the whole call); every write after it — a failure counted, a check passed — is made with the
    application's row held and the party's row read again (`_hold`), so two tries at once count
    as two and neither passes a lock the other has just set."""
    now = utcnow()
    application = db.session.get(Application, signature.application_id)
    check_open(signature, application, now)
    if witness is not None:
        check_deadline(signature, now)
    check_codes_left(signature)
    signer = _signer(application, signature)
    if not same_id_number(id_number, signer.id_number):
        hold(application, signature, now)
        fail(signature, now, _("身份证件号码与申请中该签署人的不一致，请核对后重新输入"))
    phone = normalise_phone(decrypt_value(signature.phone))
    # Asked again under the same key only when the provider did not answer (a timeout, a 503): an
    # answered check, passed or refused, is never replayed to the next try (also at the window).
    identity_key = f"identity:{application.number}:{signature.position}:{signature.identity_checks or 0}"
    try:
        answer = agencies().identity.verify(signer.name, normalise_id(signer.id_number), phone, identity_key)
    except Retryable as error:
        raise provider_down(error) from error
    except Refused as error:
        hold(application, signature, now)
        signature.identity_checks = (signature.identity_checks or 0) + 1
        if error.code != "mismatch":  # the provider could not check (not the party's doing): not counted
            raise SigningRefused(_("实名核验未能完成：%(reason)s", reason=error.reason), 422) from error
        fail(signature, now, _("实名核验未通过：姓名、身份证件号码与手机号码不属于同一人。"
                                "如信息无误，请本人携带身份证到窗口办理"))
    hold(application, signature, now)
    signature.identity_checks = (signature.identity_checks or 0) + 1
    check_codes_left(signature)
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
        raise provider_down(error) from error
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
    check_open(signature, application, now)
    session = liveness.session_of(handle, signature)
    if session is None:
        raise SigningRefused(_("活体检测已失效，请重新核验身份"), 422)
    if signature.verification_digest is not None:
        raise SigningRefused(_("本次活体检测已确认，验证码已发送"), 409)
    try:
        result = agencies().identity.liveness_result(session)
    except Retryable as error:
        raise provider_down(error) from error
    except Refused as error:
        raise SigningRefused(_("活体检测未能完成：%(reason)s", reason=error.reason), 422) from error
    hold(application, signature, now)  # another tab may have confirmed it meanwhile: read it again
    if liveness.session_of(handle, signature) != session:
        raise SigningRefused(_("活体检测已失效，请重新核验身份"), 422)
    if signature.verification_digest is not None:
        raise SigningRefused(_("本次活体检测已确认，验证码已发送"), 409)
    if not signature.identity_reference or result.get("reference") != signature.identity_reference:
        raise SigningRefused(_("活体检测已失效，请重新核验身份"), 422)
    if result.get("status") == "pending":
        raise SigningRefused(_("尚未完成活体检测，请先在检测页面完成"), 409)
    if result.get("status") != "passed":
        signature.identity_reference = ""  # this check is spent: the same handle is not counted twice
        fail(signature, now, _("活体检测未通过。如确为本人，请重新核验身份后再试，或本人携带身份证到窗口办理"))
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
    key = delivery.code_key(application.number, signature.position, signature.verifications, signature.signing_round)
    queue_sms(phone, texts.code_sms(code, current_app.config["SIGNING_CODE_MINUTES"]), key, application)
    return Verified(verification, mask_phone(phone), key)


def decide(signature: Signature, verification: str, sms_code: str, decision: str, reason: str = "",
           witness: User | None = None) -> Decided:
    """With the code of a passed identity check: sign (the party's PAdES signature on every filing
    document) or decline (the application is withdrawn). The application's row is held first, so two
    parties answering at once are written one after the other. With `witness`, the identity check
    must have been the same clerk's at the window; the signature records them."""
    application, now = db.session.get(Application, signature.application_id), utcnow()
    hold(application, signature, now)
    if witness is not None:
        check_deadline(signature, now)
        if not witnessing.checked_by(signature, witness):
            raise SigningRefused(_("请先现场核验身份证原件并发送验证码"), 422)
    if not codes.matches(signature.verification_digest, codes.digest(verification or "")):
        fail(signature, now, _("请先核验身份并获取短信验证码"))
    if signature.code_expires_at is None or signature.code_expires_at <= now:
        signature.verification_digest = signature.code_digest = signature.code_expires_at = None
        raise SigningRefused(_("验证码已过期，请重新核验身份获取新的验证码"), 422)
    if not codes.matches(signature.code_digest, codes.code_digest(signature.id, verification, sms_code or "")):
        fail(signature, now, _("验证码不正确，请核对短信中的6位数字"))
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
    text = texts.declined_sms(application.number, application.company_name, mask_name(signature.name),
                              signature.decline_reason)
    for other in others:
        queue_sms(decrypt_value(other.phone), text, f"signing-declined:{application.number}:{other.position}",
                  application)
    return Decided(SignatureStatus.DECLINED, now, accepted=False)
