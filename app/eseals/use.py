"""Using an electronic seal (用章): the legal representative uploads a PDF, confirms with an SMS code,
and the service stamps it. Writes only; the view commits.

A use (`SealUse`) keeps the uploaded PDF until the code is confirmed, then only the signed copy.
The code is 6 digits sent to the legal representative's phone on the form; only its HMAC under
SECRET_KEY, bound to the use, is stored (as the signing codes, app/signing/codes.py). Wrong codes
count: MAX_FAILURES of them lock the use for good (a new upload starts again). A new code is sent
at most every RESEND_SECONDS and MAX_CODES times per use; the outbox key of each names the use and
its number, so a repeated request never texts twice.

Who may: the company's own applicant (the view's access check), for an application whose documents
are issued (ready for issue or handed over), with a seal of that company that is not revoked.
"""

import hashlib
import hmac
import re
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.audit.operations import record_event
from app.documents.labels import mask_phone
from app.eseals.stamping import (
    PlaceRefused,
    check_place,
    page_boxes,
    page_out_of_range,
    seal_label,
    seal_size_mm,
    stamp,
)
from app.eseals.standing import Standing, standing
from app.extensions import db
from app.messages.operations import queue_sms
from app.models import Application, OutboxMessage
from app.models.eseals import ElectronicSeal, SealUse
from app.models.types import utcnow
from app.privacy.values import decrypt_value
from app.refusal import Refusal
from app.signing.codes import matches, new_code

MAX_PDF_BYTES = 10 * 1024 * 1024
CODE_MINUTES = 10
MAX_FAILURES = 5
RESEND_SECONDS = 60
MAX_CODES = 5
FILENAME_MAX = 120
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# The 3×3 places on a page (行: top/middle/bottom × 列: left/centre/right), default bottom right.
POSITIONS = ("top-left", "top-centre", "top-right", "middle-left", "middle-centre", "middle-right",
             "bottom-left", "bottom-centre", "bottom-right")
DEFAULT_POSITION = "bottom-right"
MARGIN_MM = 15  # from the page's edge to the stamp's, where the page has room


def usable_seals(application: Application) -> list[ElectronicSeal]:
    """The application's seals that may stamp now (in force: app.eseals.standing), in issue order."""
    seals = db.session.scalars(select(ElectronicSeal).where(
        ElectronicSeal.application_id == application.id, ElectronicSeal.revoked_at.is_(None))
        .order_by(ElectronicSeal.id))
    return [seal for seal in seals if standing(seal, application) == Standing.VALID]


def legal_representative_phone(application: Application) -> str:
    """The phone the codes go to, as stored in the form (sealed)."""
    return application.form["legal_representative"]["phone"]


def masked_phone(application: Application) -> str:
    """138****1234: what a page shows of the legal representative's phone."""
    return mask_phone(decrypt_value(legal_representative_phone(application)))


def clean_filename(filename: str | None) -> str:
    """The uploaded file's own name, without folders or control characters, ending in .pdf."""
    name = CONTROL.sub("", (filename or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return (stem.strip()[:FILENAME_MAX] or "文件") + ".pdf"


def signed_filename(use: SealUse) -> str:
    """"合同-已盖章.pdf" for 合同.pdf."""
    return f"{use.filename[:-4]}-已盖章.pdf"


def place(pdf: bytes, page: int, position: str, seal: ElectronicSeal) -> tuple[float, float]:
    """The stamp's centre (mm from the page's lower left) for one of POSITIONS on page (1-based)."""
    if position not in POSITIONS:
        raise PlaceRefused(_("请选择盖章位置"), "position")
    boxes = page_boxes(pdf)
    if not 1 <= page <= len(boxes):
        raise page_out_of_range(len(boxes))
    box, (width, height) = boxes[page - 1], seal_size_mm(seal)
    row, column = position.split("-")
    x = {"left": MARGIN_MM + width / 2, "centre": box.width_mm / 2, "right": box.width_mm - MARGIN_MM - width / 2}
    y = {"top": box.height_mm - MARGIN_MM - height / 2, "middle": box.height_mm / 2, "bottom": MARGIN_MM + height / 2}
    return round(x[column], 2), round(y[row], 2)


def check_may_use(application: Application, seal: ElectronicSeal) -> None:
    """Refusal unless the seal is the application's own and in force (its licence issued, neither
    it nor the licence revoked)."""
    if seal.application_id != application.id:
        raise Refusal(_("该电子印章不属于本企业"), 404)
    if application.revoked_at is not None:
        raise Refusal(_("营业执照已吊销，电子印章不能再使用"), 409)
    if seal.is_revoked:
        raise Refusal(_("该电子印章已吊销，不能再使用"), 409)
    if standing(seal, application) == Standing.NOT_IN_FORCE:
        raise Refusal(_("营业执照发放后才能使用电子印章"), 409)


def seal_blocked(application: Application, kind: str) -> Refusal | None:
    """Why the application's seal of this kind (or, none named, its first) may not stamp now; None if
    it may, or if the application has no such seal (the form says to choose one)."""
    seals = list(db.session.scalars(select(ElectronicSeal).where(ElectronicSeal.application_id == application.id)
                                    .order_by(ElectronicSeal.id)))
    seal = next((seal for seal in seals if seal.kind == kind), None) if kind else next(iter(seals), None)
    if seal is None:
        return None
    try:
        check_may_use(application, seal)
    except Refusal as refusal:
        return refusal
    return None


def too_large() -> Refusal:
    return Refusal(_("文件过大：PDF文件不能超过%(mb)dMB", mb=MAX_PDF_BYTES // (1024 * 1024)), 413)


def check_upload(pdf: bytes) -> None:
    """Refusal for an empty file or one over MAX_PDF_BYTES (before it is read as a PDF)."""
    if not pdf:
        raise Refusal(_("所选文件是空的，请重新选择要盖章的PDF文件"), 422)
    if len(pdf) > MAX_PDF_BYTES:
        raise too_large()


def start_use(application: Application, seal: ElectronicSeal, filename: str | None, pdf: bytes, page: int,
              x_mm: float, y_mm: float) -> SealUse:
    """A new use: the PDF checked (pypdf) and kept, a code texted to the legal representative. No commit."""
    check_may_use(application, seal)
    check_upload(pdf)
    check_place(page_boxes(pdf), page, x_mm, y_mm, seal_size_mm(seal))  # as stamp() will, before keeping it
    use = SealUse(seal_id=seal.id, application_id=application.id, filename=clean_filename(filename), uploaded=pdf,
                  uploaded_sha256=hashlib.sha256(pdf).hexdigest(), page=page, x_mm=x_mm, y_mm=y_mm, failures=0)
    db.session.add(use)
    db.session.flush()
    _send_code(use, application, seal, utcnow())
    return use


def codes_sent(use: SealUse) -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.idempotency_key.like(f"{code_key_prefix(use)}%"))) or 0


def code_key_prefix(use: SealUse) -> str:
    return f"eseal-code:{use.id}:"


def code_key(use: SealUse, number: int) -> str:
    """The outbox key of the use's number-th code (from 1)."""
    return f"{code_key_prefix(use)}{number}"


def use_code_digest(use: SealUse, code: str) -> str:
    """The code's HMAC under SECRET_KEY, bound to one use."""
    message = f"eseal-use-code:{use.id}:{use.uploaded_sha256}:{code}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def code_sms(application: Application, seal: ElectronicSeal, use: SealUse, code: str) -> str:
    with force_locale("zh"):
        return _("【企业开办】%(company)s正在使用电子印章（%(seal)s）为文件“%(file)s”盖章，验证码为：%(code)s，"
                 "%(minutes)d分钟内有效。如非本人操作，请勿告诉他人。", company=application.company_name,
                 seal=seal_label(seal), file=use.filename, code=code, minutes=CODE_MINUTES)


def _send_code(use: SealUse, application: Application, seal: ElectronicSeal, now: datetime) -> str:
    """A new code for the use, texted under the next key; returns the key."""
    number = codes_sent(use) + 1
    if number > MAX_CODES:
        raise Refusal(_("验证码发送次数过多，请重新上传文件后再试"), 429)
    code = new_code()
    use.code_digest = use_code_digest(use, code)
    use.code_expires_at = now + timedelta(minutes=CODE_MINUTES)
    key = code_key(use, number)
    queue_sms(legal_representative_phone(application), code_sms(application, seal, use, code), key, application)
    return key


def check_open(use: SealUse) -> None:
    """Refusal once the use is stamped or locked."""
    if use.signed is not None:
        raise Refusal(_("该文件已盖章，请直接下载"), 409)
    if (use.failures or 0) >= MAX_FAILURES or use.uploaded is None:
        raise Refusal(_("验证码错误次数过多，本次用章已锁定，请重新上传文件"), 429)


def resend_code(use: SealUse) -> str:
    """A new code (the old one stops working), at most every RESEND_SECONDS; the outbox key. No commit."""
    _hold(use)
    check_open(use)
    now = utcnow()
    sent_at = use.code_expires_at - timedelta(minutes=CODE_MINUTES) if use.code_expires_at else None
    if sent_at is not None and (now - sent_at).total_seconds() < RESEND_SECONDS:
        wait = RESEND_SECONDS - int((now - sent_at).total_seconds())
        raise Refusal(_("验证码刚刚发送，请%(seconds)d秒后再重新发送", seconds=max(wait, 1)), 429)
    application = db.session.get(Application, use.application_id)
    return _send_code(use, application, db.session.get(ElectronicSeal, use.seal_id), now)


def confirm_use(use: SealUse, code: str) -> SealUse:
    """Stamp the kept PDF if code is the use's current one. No commit — and the caller commits after a
    refusal too, so that a wrong code counts."""
    _hold(use)
    check_open(use)
    application = db.session.get(Application, use.application_id)
    seal = db.session.get(ElectronicSeal, use.seal_id)
    check_may_use(application, seal)
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        raise Refusal(_("请填写短信中的6位数字验证码"), 422)
    now = utcnow()
    if use.code_digest is None or use.code_expires_at is None or use.code_expires_at <= now:
        raise Refusal(_("验证码已过期，请点击“重新发送”获取新的验证码"), 422)
    if not matches(use.code_digest, use_code_digest(use, code)):
        use.failures = (use.failures or 0) + 1
        if use.failures >= MAX_FAILURES:
            use.uploaded = use.code_digest = use.code_expires_at = None
            raise Refusal(_("验证码错误次数过多，本次用章已锁定，请重新上传文件"), 429)
        raise Refusal(_("验证码不正确，请核对短信中的6位数字（还可尝试%(left)d次）",
                        left=MAX_FAILURES - use.failures), 422)
    signed = stamp(use.uploaded, seal, use.page, use.x_mm, use.y_mm)
    use.signed, use.signed_sha256, use.signed_at = signed, hashlib.sha256(signed).hexdigest(), now
    use.uploaded = use.code_digest = use.code_expires_at = None
    record_event("eseal_used", "applicant", application,
                 note=f"{seal_label(seal)}（{seal.kind}，证书{seal.serial}）文件“{use.filename}” "
                      f"原文SHA-256 {use.uploaded_sha256} 盖章后SHA-256 {use.signed_sha256}")
    return use


def _hold(use: SealUse) -> None:
    """Hold the use's row until the transaction ends and read it again, so two confirmations at once
    stamp once and count every wrong code: FOR UPDATE on PostgreSQL, the write lock on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(SealUse.id).where(SealUse.id == use.id).with_for_update())
    else:
        db.session.execute(update(SealUse).where(SealUse.id == use.id).values(failures=SealUse.failures)
                           .execution_options(synchronize_session=False))
    db.session.refresh(use)
