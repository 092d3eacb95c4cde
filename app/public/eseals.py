"""电子印章 in use: the legal representative stamps a PDF with one of the company's electronic seals.

/track/<number>/eseals/use is the form (seal, PDF, page, one of nine places); its POST keeps the
file and texts a code (app/eseals/use.py); /track/<number>/eseals/uses/<id> asks for the code,
then offers the signed copy. Only the applicant's own cookie opens these pages, as the other
tracking-page actions.

The upload may be up to MAX_PDF_BYTES, more than the app-wide MAX_CONTENT_LENGTH: app.web.uploads
raises the limit for that one request and makes the CSRF check then.
"""

from io import BytesIO

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from app.eseals.stamping import PlaceRefused, seal_size_mm
from app.eseals.use import (
    DEFAULT_POSITION,
    MAX_PDF_BYTES,
    POSITIONS,
    check_upload,
    code_key,
    confirm_use,
    masked_phone,
    place,
    resend_code,
    seal_blocked,
    signed_filename,
    start_use,
    too_large,
    usable_seals,
)
from app.extensions import csrf, db, limiter
from app.models import Application, ApplicationStatus
from app.models.eseals import SealUse
from app.public import bp
from app.refusal import Refusal
from app.signing.delivery import commit_and_deliver
from app.vocabulary import SEAL_LABELS
from app.web.access import application_for_request
from app.web.uploads import accept_upload

UPLOAD_ROOM = 64 * 1024  # the form's other fields and the multipart boundaries beside the file
IMPRESSION_ENDPOINT = "public.eseal_impression"


def position_labels() -> dict[str, str]:
    return {"top-left": _("左上"), "top-centre": _("上方居中"), "top-right": _("右上"),
            "middle-left": _("左侧居中"), "middle-centre": _("页面中央"), "middle-right": _("右侧居中"),
            "bottom-left": _("左下"), "bottom-centre": _("下方居中"), "bottom-right": _("右下")}


def _form(application: Application, values: dict, errors: dict, status: int = 200):
    seals = usable_seals(application) if application.status in ApplicationStatus.DONE_APPLYING else []
    drawn = any(seal.impression is None for seal in seals)
    sizes = {seal.kind: "×".join(str(round(mm)) for mm in seal_size_mm(seal)) for seal in seals}
    if drawn:  # the impressions drawn for their sizes are kept (app.eseals.appearance)
        db.session.commit()
    # Where each error in the summary links to: the field's first input.
    anchors = {"kind": f"kind-{seals[0].kind}" if seals else "kind", "pdf": "pdf", "page": "page",
               "position": f"position-{values.get('position') if values.get('position') in POSITIONS else DEFAULT_POSITION}"}
    return render_template(
        "public/eseals/use.html", application=application, seals=seals, sizes=sizes, values=values,
        errors=errors, anchors=anchors, positions=POSITIONS, position_labels=position_labels(),
        seal_labels=SEAL_LABELS, limit_mb=MAX_PDF_BYTES // (1024 * 1024), phone=masked_phone(application),
        impressions=IMPRESSION_ENDPOINT in current_app.view_functions), status


@bp.get("/track/<number>/eseals/use")
def new_seal_use(number: str):
    """The form: which seal, which PDF, which page and place (`?kind=` preselects a seal)."""
    application = application_for_request(number, applicant_only=True)
    seals = usable_seals(application)
    kind = request.args.get("kind", "")
    if kind not in {seal.kind for seal in seals}:
        kind = seals[0].kind if len(seals) == 1 else ""
    return _form(application, {"kind": kind, "page": "1", "position": DEFAULT_POSITION}, {})


@bp.post("/track/<number>/eseals/use")
@limiter.limit("30 per hour")
@csrf.exempt
def start_seal_use(number: str):
    application = application_for_request(number, applicant_only=True)
    try:
        accept_upload(MAX_PDF_BYTES + UPLOAD_ROOM)
        form, uploaded = request.form, request.files.get("pdf")
    except RequestEntityTooLarge:
        return _form(application, {"kind": "", "page": "1", "position": DEFAULT_POSITION},
                     {"pdf": too_large().message}, 413)
    values = {name: form.get(name, "").strip() for name in ("kind", "page", "position")}
    blocked = seal_blocked(application, values["kind"])
    if blocked is not None:  # not issued yet, or revoked since the form was shown
        return _form(application, values, {"kind": blocked.message}, blocked.status)
    errors = field_errors(application, values, uploaded)
    if errors:
        return _form(application, values, errors, 422)
    seal = next(seal for seal in usable_seals(application) if seal.kind == values["kind"])
    pdf = uploaded.read()
    try:
        check_upload(pdf)
        x_mm, y_mm = place(pdf, int(values["page"]), values["position"], seal)
        use = start_use(application, seal, uploaded.filename, pdf, int(values["page"]), x_mm, y_mm)
    except Refusal as refusal:
        db.session.rollback()
        return _form(application, values, {refused_field(refusal): refusal.message}, refusal.status)
    commit_and_deliver([code_key(use, 1)])
    return redirect(url_for("public.seal_use", number=number, use_id=use.id), code=303)


def field_errors(application: Application, values: dict, uploaded) -> dict[str, str]:
    """What is missing or malformed in the posted form, by field, before the file is read."""
    errors = {}
    kinds = {seal.kind for seal in usable_seals(application)}
    if values["kind"] not in kinds:
        errors["kind"] = _("请选择要使用的电子印章") if not values["kind"] else _("所选电子印章已吊销或不可用，请另选")
    if uploaded is None or not uploaded.filename:
        errors["pdf"] = _("请选择要盖章的PDF文件")
    if not values["page"].isdigit() or int(values["page"]) < 1:
        errors["page"] = _("请填写页码，例如 1")
    if values["position"] not in POSITIONS:
        errors["position"] = _("请选择盖章位置")
    return errors


def refused_field(refusal: Refusal) -> str:
    """Which field a refusal belongs beside: the page or the place it names, else the file."""
    return refusal.field if isinstance(refusal, PlaceRefused) else "pdf"


def _use_of(number: str, use_id: int) -> tuple[Application, SealUse]:
    application = application_for_request(number, applicant_only=True)
    use = db.session.get(SealUse, use_id)
    if use is None or use.application_id != application.id:
        abort(404)
    return application, use


def _use_page(application: Application, use: SealUse, error: str | None = None, notice: str | None = None,
              status: int = 200):
    template = "public/eseals/done.html" if use.signed is not None else "public/eseals/code.html"
    seal = next((seal for seal in usable_seals(application) if seal.id == use.seal_id), None)
    return render_template(template, application=application, use=use, seal=seal, seal_labels=SEAL_LABELS,
                           phone=masked_phone(application), error=error, notice=notice,
                           signed_name=signed_filename(use)), status


@bp.get("/track/<number>/eseals/uses/<int:use_id>")
def seal_use(number: str, use_id: int):
    """The code page while the use waits for its code; the download once stamped."""
    application, use = _use_of(number, use_id)
    notice = _("已重新发送验证码") if request.args.get("sent") else None
    return _use_page(application, use, notice=notice)


@bp.post("/track/<number>/eseals/uses/<int:use_id>/confirm")
@limiter.limit("30 per minute")
def confirm_seal_use(number: str, use_id: int):
    application, use = _use_of(number, use_id)
    try:
        confirm_use(use, request.form.get("code", ""))
    except Refusal as refusal:
        db.session.commit()  # a wrong code counts
        return _use_page(application, use, error=refusal.message, status=refusal.status)
    db.session.commit()
    return redirect(url_for("public.seal_use", number=number, use_id=use.id), code=303)


@bp.post("/track/<number>/eseals/uses/<int:use_id>/resend")
@limiter.limit("10 per hour")
def resend_seal_use_code(number: str, use_id: int):
    application, use = _use_of(number, use_id)
    try:
        key = resend_code(use)
    except Refusal as refusal:
        db.session.rollback()
        return _use_page(application, use, error=refusal.message, status=refusal.status)
    commit_and_deliver([key])
    return redirect(url_for("public.seal_use", number=number, use_id=use.id, sent=1), code=303)


@bp.get("/track/<number>/eseals/uses/<int:use_id>/signed.pdf")
def signed_seal_use(number: str, use_id: int):
    """The stamped PDF, as an attachment named "<原名>-已盖章.pdf"."""
    _application, use = _use_of(number, use_id)
    if use.signed is None:
        abort(404)
    return send_file(BytesIO(use.signed), mimetype="application/pdf", as_attachment=True,
                     download_name=signed_filename(use), max_age=0)
