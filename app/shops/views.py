"""The seal shop's pages (thin: app.issuance reads and writes, app.shops.pages builds what is shown)."""

from collections.abc import Callable
from functools import wraps

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.exceptions import HTTPException
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from app.audit.operations import record_event
from app.extensions import db, limiter
from app.issuance.facts import local_date
from app.issuance.operations import mark_carved
from app.issuance.queries import find_voucher, shop_for_key
from app.issuance.redemption import redeem_once
from app.models.types import utcnow
from app.refusal import Refusal
from app.shops import bp, session
from app.shops.pages import code_from_scan, impression_proof, voucher_page
from app.web.camera import allow_camera
from seals.proofs import impression_pdf

KEY_MAX = 200  # a shop key is 47 characters; anything much longer is not one


class SignInForm(FlaskForm):
    key = PasswordField(_l("店铺密钥"), validators=[DataRequired(_l("请填写店铺密钥")),
                                                   Length(max=KEY_MAX, message=_l("店铺密钥不正确，请核对后重新输入"))])


def sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SHOP_SIGN_IN"]


def shop_required(view: Callable) -> Callable:
    """The signed-in shop is passed to the view; anyone else goes to the sign-in page, keeping the
    voucher code they came with (so the QR code still leads to its voucher after signing in)."""
    @wraps(view)
    def guarded(*args, **kwargs):
        had = session.had_session()
        shop = session.current_shop()
        if shop is None:
            if had:
                flash(_("登录已失效（店铺已停用或登录超过%(hours)d小时），请重新输入店铺密钥",
                        hours=current_app.config["SHOP_SESSION_HOURS"]), "error")
            return redirect(url_for("shops.sign_in", code=kwargs.get("code")), code=303)
        return view(shop, *args, **kwargs)
    return guarded


@bp.before_app_request
def voucher_qr_opened_in_a_browser():
    """The voucher's QR code holds its redeem address (/api/v1/seal-vouchers/<code>/redeem, a POST for
    shops' systems). A phone's camera opens it in the browser as a GET: that is sent to this page
    instead of a 405. A client asking for JSON still gets the API's 405."""
    if request.method != "GET" or not request.path.startswith("/api/v1/seal-vouchers/"):
        return None
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) != "text/html":
        return None
    try:
        endpoint, arguments = current_app.create_url_adapter(request).match(request.path, method="POST")
    except HTTPException:
        return None
    if endpoint != "api.redeem_voucher":
        return None
    return redirect(url_for("shops.voucher", code=arguments["code"]), code=303)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"])
def sign_in():
    form = SignInForm()
    code = code_from_scan(request.args.get("code", ""))
    error = None
    if form.validate_on_submit():
        shop = shop_for_key(form.key.data.strip())
        if shop is not None and not shop.is_revoked:
            session.start(shop)
            record_event("seal_shop_signed_in", f"seal_shop:{shop.id}", note=shop.name)
            db.session.commit()
            return redirect(url_for("shops.voucher", code=code) if code else url_for("shops.scan"), code=303)
        error = _("店铺密钥不正确或已停用，请核对后重新输入")  # the same for an unknown and a revoked key
    elif form.is_submitted():
        error = next(iter(form.key.errors), None) or _("页面已过期，请刷新后重新提交")
    return render_template("shops/sign_in.html", form=form, error=error, code=code), 200 if error is None else 422


@bp.post("/sign-out")
def sign_out():
    session.end()
    flash(_("已退出登录"), "success")
    return redirect(url_for("shops.sign_in"), code=303)


@bp.get("/", endpoint="scan")
@allow_camera
@shop_required
def scan_page(shop):
    return render_template("shops/scan.html", shop=shop, typed="", error=None)


@bp.get("/lookup")
@allow_camera
@shop_required
def lookup(shop):
    """What the scanner read or the shop typed: the voucher's code, or the address in its QR code."""
    typed = request.args.get("code", "")
    code = code_from_scan(typed)
    if code is None:
        error = _("凭证码应为16位字母和数字（如 K7QM-3XTR-9PWD-HC4N），请核对后重新输入") if typed.strip() \
            else _("请扫描凭证二维码或输入凭证码")
        return render_template("shops/scan.html", shop=shop, typed=typed, error=error), 422
    if find_voucher(code) is None:
        return render_template("shops/scan.html", shop=shop, typed=typed,
                               error=_("凭证码 %(code)s 不存在，请核对后重新输入", code=code)), 404
    return redirect(url_for("shops.voucher", code=code), code=303)


def voucher_or_404(code: str):
    voucher = find_voucher(code)
    if voucher is None:
        abort(404)
    return voucher


@bp.get("/vouchers/<code>")
@shop_required
def voucher(shop, code: str):
    found = voucher_or_404(code)
    return render_template("shops/voucher.html", shop=shop,
                           page=voucher_page(found, shop, local_date(utcnow())))


@bp.post("/vouchers/<code>/redeem")
@shop_required
def redeem(shop, code: str):
    found = voucher_or_404(code)
    redeem_once(found, shop)
    db.session.commit()
    flash(_("核销成功：请按下列印模刻制"), "success")
    return redirect(url_for("shops.voucher", code=found.code), code=303)


@bp.post("/vouchers/<code>/carved")
@shop_required
def carved(shop, code: str):
    found = voucher_or_404(code)
    mark_carved(found, shop)
    db.session.commit()
    flash(_("已标记刻制完成"), "success")
    return redirect(url_for("shops.voucher", code=found.code), code=303)


@bp.get("/vouchers/<code>/impressions/<kind>.pdf")
@shop_required
def impression(shop, code: str, kind: str):
    """The 1:1 proof to carve from, for the shop that redeemed the voucher only."""
    found = voucher_or_404(code)
    if found.redeemed_by_shop_id != shop.id:
        abort(403)
    proof = impression_proof(found, kind)
    if proof is None:
        abort(404)
    seal, application = proof
    pdf = impression_pdf(kind, application.company_name, seal["code"],
                         person_name=application.form["legal_representative"]["name"], taxpayer_id=application.uscc)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{found.code}-{kind}.pdf"', "Cache-Control": "private, no-store"})


@bp.errorhandler(Refusal)
def refused(refusal: Refusal):
    """A refused redemption or carving changes nothing; the shop reads why on the voucher's page."""
    db.session.rollback()
    flash(refusal.message, "error")
    code = request.view_args.get("code") if request.view_args else None
    return redirect(url_for("shops.voucher", code=code) if code else url_for("shops.scan"), code=303)
