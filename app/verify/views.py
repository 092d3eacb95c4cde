"""The verification page (/verify/<uscc>) and the upload box (/verify/upload); thin views."""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _

from app.extensions import limiter
from app.issuance.signer import check_licence
from app.verify import bp
from app.verify.facts import licence_facts, qr_signature_state
from app.web.errors import wants_json


def upload_rate_limit() -> str:
    return current_app.config["RATELIMIT_VERIFY_UPLOAD"]


def upload_limit_kb() -> int:
    return current_app.config["MAX_CONTENT_LENGTH"] // 1024


@bp.get("/")
def index():
    return render_template("verify/upload.html", check=None, filename=None, limit_kb=upload_limit_kb())


@bp.get("/<string(length=18):uscc>")  # a credit code's 18 characters: /verify/upload is no licence's page
def verify(uscc: str):
    facts = licence_facts(uscc)
    signature = qr_signature_state(facts["uscc"], request.args.get("s"))
    if wants_json():
        return jsonify(facts | {"qr_signature": signature})
    return render_template("verify/licence.html", facts=facts, qr_signature=signature,
                           limit_kb=upload_limit_kb())


@bp.post("/upload")
@limiter.limit(upload_rate_limit)
def upload():
    """Check an uploaded PDF's signature; the request size limit is the app's MAX_CONTENT_LENGTH."""
    uploaded = request.files.get("licence")
    if uploaded is None or not uploaded.filename:
        if wants_json():
            return jsonify(error=_("请选择要核验的营业执照PDF文件")), 400
        return render_template("verify/upload.html", check=None, filename=None, limit_kb=upload_limit_kb(),
                               error=_("请选择要核验的营业执照PDF文件")), 400
    check = check_licence(uploaded.read())
    if wants_json():
        return jsonify(intact=check.intact, valid=check.valid, signer=check.signer,
                       signed_at=check.signed_at.isoformat() if check.signed_at else None,
                       coverage=check.coverage, demo=check.demo)
    return render_template("verify/upload.html", check=check, filename=uploaded.filename,
                           limit_kb=upload_limit_kb())
