"""What the shop's voucher page shows: the voucher's state for this shop, and the impressions to carve."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from markupsafe import Markup

from app.extensions import db
from app.issuance.redemption import already_redeemed
from app.models import Application, SealShop, SealVoucher
from app.vocabulary import SEAL_LABELS
from seals.impression import impression_svg, inline_impression
from seals.vouchers import format_voucher_code, is_well_formed_voucher_code

# What a scanned QR code or a pasted link holds: the voucher's QR address (/api/v1/seal-vouchers/<code>/redeem)
# or this page's own (/shop/vouchers/<code>); anything else is taken as the code itself.
_CODE_IN_ADDRESS = re.compile(r"/(?:api/v1/seal-vouchers|shop/vouchers)/([^/?#]+)")


def code_from_scan(text: str) -> str | None:
    """The voucher code in what was scanned or typed, in its printed form; None when it is not one."""
    found = _CODE_IN_ADDRESS.search(text or "")
    code = found.group(1) if found else (text or "").strip()
    return format_voucher_code(code) if is_well_formed_voucher_code(code) else None


@dataclass(frozen=True)
class SealToCarve:
    kind: str
    label: str
    code: str
    free: bool
    svg: Markup | None  # shown to the redeeming shop only


@dataclass(frozen=True)
class VoucherPage:
    code: str
    company_name: str
    uscc: str | None
    valid_until: date
    expired: bool
    redeemed_at: datetime | None
    mine: bool  # redeemed by the shop looking at it
    taken_by_other: str | None  # "该凭证已于 … 由 … 核销" when another shop redeemed it
    impressions_confirmed_at: datetime | None
    carved_at: datetime | None
    seals: list[SealToCarve]


def seal_label(kind: str) -> str:
    return str(SEAL_LABELS.get(kind, kind))


def impression_name(kind: str, company_name: str) -> str:
    """The accessible name of an impression: "公章：竹溪县云帆科技有限公司"."""
    return _("%(seal)s：%(company)s", seal=seal_label(kind), company=company_name)


def voucher_page(voucher: SealVoucher, shop: SealShop, today: date) -> VoucherPage:
    application = db.session.get(Application, voucher.application_id)
    mine = voucher.redeemed_by_shop_id == shop.id
    person = application.form["legal_representative"]["name"]
    seals = []
    for seal in voucher.seals:
        svg = None
        if mine:
            drawn = impression_svg(seal["kind"], application.company_name, seal["code"], person_name=person,
                                   taxpayer_id=application.uscc)
            svg = Markup(inline_impression(drawn, seal["kind"], impression_name(seal["kind"], application.company_name)))
        seals.append(SealToCarve(seal["kind"], seal_label(seal["kind"]), seal["code"], seal["free"], svg))
    taken = voucher.redeemed_at is not None and not mine
    return VoucherPage(
        code=voucher.code, company_name=application.company_name, uscc=application.uscc,
        valid_until=voucher.valid_until, expired=voucher.valid_until < today,
        redeemed_at=voucher.redeemed_at, mine=mine, taken_by_other=already_redeemed(voucher) if taken else None,
        impressions_confirmed_at=voucher.impressions_confirmed_at, carved_at=voucher.carved_at,
        seals=seals if not taken else [],
    )


def impression_proof(voucher: SealVoucher, kind: str) -> tuple[dict, Application] | None:
    """The seal of `kind` on the voucher and its application, for the 1:1 PDF; None if not on it."""
    seal = next((seal for seal in voucher.seals if seal["kind"] == kind), None)
    if seal is None:
        return None
    return seal, db.session.get(Application, voucher.application_id)
