"""A redemption that loses says to whom it lost: "该凭证已于 … 由 … 核销" (the API's 409 and the shop page).

A new module beside operations.py (whose `redeem` decides the one winner): nothing here commits.
"""

from flask_babel import gettext as _

from app.extensions import db
from app.issuance.operations import Redemption, redeem
from app.models import SealShop, SealVoucher
from app.refusal import Refusal
from app.timefmt import local


def redeemed_by(voucher: SealVoucher) -> SealShop | None:
    return db.session.get(SealShop, voucher.redeemed_by_shop_id) if voucher.redeemed_by_shop_id else None


def already_redeemed(voucher: SealVoucher) -> str:
    """When and by which shop the voucher was redeemed, in words for the shop that comes second."""
    shop = redeemed_by(voucher)
    return _("该凭证已于 %(at)s 由 %(shop)s 核销，不能重复使用", at=local(voucher.redeemed_at),
             shop=shop.name if shop is not None else _("其他刻章企业"))


def redeem_once(voucher: SealVoucher, shop: SealShop) -> Redemption:
    """`redeem`, whose refusal of a voucher already redeemed names the time and the shop.

    The losing UPDATE changed nothing, so the row is read again in the same transaction: it shows
    the winner's commit (PostgreSQL reads committed rows; SQLite's writer sees the last commit)."""
    try:
        return redeem(voucher, shop)
    except Refusal as refusal:
        if refusal.status != 409:
            raise
        db.session.refresh(voucher)
        if voucher.redeemed_at is None:  # refused for another reason (not issued, revoked)
            raise
        raise Refusal(already_redeemed(voucher), 409) from refusal
