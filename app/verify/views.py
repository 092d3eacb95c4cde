"""The verification page (/verify/<uscc>) and the upload box (/verify/upload); thin views."""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from app.documents.capital import yuan_in_words
from app.eseals.standing import Standing
from app.extensions import csrf, limiter
from app.verify import bp
from app.verify.facts import eseal_facts, licence_of, qr_signature_state, register_facts
from app.verify.upload import MAX_SIGNATURES, SealFinding, UploadCheck, UploadProblem, check_upload
from app.vocabulary import ENTITY_TYPE_LABELS, SEAL_LABELS
from app.web.errors import wants_json
from app.web.uploads import accept_upload


def upload_rate_limit() -> str:
    return current_app.config["RATELIMIT_VERIFY_UPLOAD"]


def upload_limit_kb() -> int:
    return current_app.config["VERIFY_UPLOAD_MAX_BYTES"] // 1024


def upload_page(status: int = 200, **context):
    """The upload box's page: a result, an error at the field, or neither."""
    context = {"result": None, "filename": None, "error": None} | context
    return render_template("verify/upload.html", limit_kb=upload_limit_kb(), seal_labels=SEAL_LABELS,
                           **context), status


def upload_refused(message: str, status: int):
    """A file that was not checked: JSON {"error": …} to a client that asks for JSON, else the page."""
    if wants_json():
        return jsonify(error=message), status
    return upload_page(status, error=message)


def problem_message(problem: str) -> str:
    if problem == UploadProblem.EMPTY:
        return _("所选文件是空的（0字节），请重新选择电子营业执照PDF文件")
    if problem == UploadProblem.TOO_MANY_SIGNATURES:
        return _("文件中的签章超过%(n)d个，无法在线核验。请到登记机关窗口核验，或使用专业的PDF签章核验软件",
                 n=MAX_SIGNATURES)
    return _("所选文件不是PDF文件。请上传登记机关签发的电子营业执照PDF（文件名通常以 .pdf 结尾），"
             "照片、截图或Word文件无法核验签章")


def upload_json(uploaded: UploadCheck) -> dict:
    """LicenceCheck's documented fields, then what the page also says: why the file was not checked,
    and the licence's company with its registry status now."""
    check = uploaded.check
    company = uploaded.company
    return {"intact": check.intact, "valid": check.valid, "signer": check.signer,
            "signed_at": check.signed_at.isoformat() if check.signed_at else None,
            "coverage": check.coverage, "demo": check.demo,
            "problem": uploaded.problem,
            "message": problem_message(uploaded.problem) if uploaded.problem else None,
            "company": None if company is None else {
                name: company[name] for name in ("uscc", "name", "status", "registry_status", "revoked_at")},
            "eseals": [eseal_json(finding) for finding in uploaded.eseals]}


def eseal_json(finding: SealFinding) -> dict:
    """One electronic-seal signature of the file: whose seal, and whether it holds now."""
    state = finding.standing if finding.standing and finding.standing != Standing.VALID else (
        "valid" if finding.valid else "invalid")
    return {"serial": finding.check.serial, "seal": finding.seal.kind if finding.seal else None,
            "company": None if finding.company is None else {name: finding.company[name] for name in ("uscc", "name")},
            "signed_at": finding.check.signed_at.isoformat() if finding.check.signed_at else None,
            "intact": finding.check.intact, "state": state}


@bp.get("/")
def index():
    return upload_page()


@bp.get("/<string(length=18):uscc>")  # a credit code's 18 characters: /verify/upload is no licence's page
def verify(uscc: str):
    application = licence_of(uscc)
    facts = register_facts(application)
    signature = qr_signature_state(facts["uscc"], request.args.get("s"))
    if wants_json():  # API.md's shape: the electronic seals are on the HTML page only
        return jsonify(facts | {"qr_signature": signature})
    return render_template("verify/licence.html", facts=facts, qr_signature=signature, eseals=eseal_facts(application),
                           limit_kb=upload_limit_kb(), in_words=yuan_in_words,
                           entity_label=ENTITY_TYPE_LABELS.get(facts["entity_type"], facts["entity_type"]))


@bp.post("/upload")
@limiter.limit(upload_rate_limit)
@csrf.exempt  # made in accept_upload, once the limit is raised (app.web.uploads)
def upload():
    """Check an uploaded PDF's signatures; the request may be up to VERIFY_UPLOAD_MAX_BYTES."""
    accept_upload(current_app.config["VERIFY_UPLOAD_MAX_BYTES"])
    uploaded = request.files.get("licence")
    if uploaded is None or not uploaded.filename:
        return upload_refused(_("请选择要核验的营业执照PDF文件"), 400)
    # A file that is no PDF is answered, not refused: the check ran and found nothing to verify.
    result = check_upload(uploaded.read())
    if wants_json():
        return jsonify(upload_json(result))
    error = problem_message(result.problem) if result.problem else None
    return upload_page(result=None if error else result, filename=uploaded.filename, error=error)


@bp.errorhandler(RequestEntityTooLarge)
def file_too_large(error: RequestEntityTooLarge):
    """A file over the limit never reaches the view (the form parser stops reading it): the upload
    page with the limit named, or JSON, instead of the site's bare 413 page."""
    return upload_refused(_("文件超过 %(kb)s KB，无法核验。电子营业执照PDF通常不到 100 KB，"
                            "请确认选择的是营业执照PDF文件", kb=upload_limit_kb()), 413)
