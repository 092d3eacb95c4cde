"""Seal shops redeem free-seal vouchers (Authorization: Bearer <shop key>); JSON errors as API.md says
(a refused redemption or carving is answered by the API's one Refusal handler in views.py; a second
redemption's 409 says when and by which shop). A phone's browser opening the voucher's QR address
(a GET) is sent to the shop's page by app.shops, not answered here."""

from flask import Response, abort, jsonify, url_for

from app.api import bp
from app.api.limits import per_address, per_shop_key
from app.extensions import db
from app.issuance.operations import mark_carved
from app.issuance.queries import find_voucher, shop_for_key
from app.issuance.redemption import redeem_once
from app.models import Application, SealShop, SealVoucher
from app.timefmt import iso
from app.web.access import presented_token
from seals.proofs import impression_pdf


def authenticated_shop() -> SealShop:
    """The shop whose key the request carries; 401 when it is missing or unknown."""
    shop = shop_for_key(presented_token())
    if shop is None or shop.is_revoked:  # `flask seal-shops revoke`
        abort(401)
    return shop


def voucher_or_404(code: str) -> SealVoucher:
    voucher = find_voucher(code)
    if voucher is None:
        abort(404)
    return voucher


def redemption_json(voucher: SealVoucher, application: Application) -> dict:
    return {
        "code": voucher.code, "company_name": application.company_name, "uscc": application.uscc,
        "seals": [{"kind": seal["kind"], "code": seal["code"], "free": seal["free"],
                   "impression_pdf_url": url_for("api.voucher_impression", code=voucher.code, kind=seal["kind"])}
                  for seal in voucher.seals],
        "redeemed_at": iso(voucher.redeemed_at),
        "impressions_confirmed_at": iso(voucher.impressions_confirmed_at),
        "valid_until": voucher.valid_until.isoformat(),
    }


@bp.post("/seal-vouchers/<code>/redeem")
@per_address
@per_shop_key
def redeem_voucher(code: str):
    shop = authenticated_shop()
    voucher = voucher_or_404(code)
    redemption = redeem_once(voucher, shop)
    db.session.commit()
    return jsonify(redemption_json(redemption.voucher, redemption.application))


@bp.post("/seal-vouchers/<code>/carved")
@per_address
@per_shop_key
def voucher_carved(code: str):
    shop = authenticated_shop()
    voucher = voucher_or_404(code)
    carved_at = mark_carved(voucher, shop)
    db.session.commit()
    return jsonify(code=voucher.code, carved_at=iso(carved_at))


@bp.get("/seal-vouchers/<code>/impressions/<kind>.pdf")
@per_address
@per_shop_key
def voucher_impression(code: str, kind: str):
    """The impression to carve, for the shop that redeemed the voucher only."""
    shop = authenticated_shop()
    voucher = voucher_or_404(code)
    if voucher.redeemed_by_shop_id != shop.id:
        abort(403)
    seal = next((seal for seal in voucher.seals if seal["kind"] == kind), None)
    if seal is None:
        abort(404)
    application = db.session.get(Application, voucher.application_id)
    pdf = impression_pdf(kind, application.company_name, seal["code"],
                         person_name=application.form["legal_representative"]["name"],
                         taxpayer_id=application.uscc)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{voucher.code}-{kind}.pdf"', "Cache-Control": "private, no-store"})
