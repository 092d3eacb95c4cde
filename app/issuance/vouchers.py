"""The free-seal voucher's life: issued with the documents, confirmed, redeemed once, carved.

Operations here never commit; the task or request that calls them does.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.applications.operations import record
from app.extensions import db
from app.issuance.facts import local_date
from app.models import Application, ApplicationStatus, SealShop, SealVoucher
from app.models.types import utcnow
from seals.grants import free_kinds, grant_seals
from seals.shops import hash_shop_key, new_shop_key
from seals.vouchers import format_voucher_code, is_well_formed_voucher_code, new_voucher_code


def voucher_of(application: Application) -> SealVoucher | None:
    return db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application.id))


def voucher_for(application: Application, seal_codes: dict[str, str]) -> SealVoucher:
    """The application's voucher: the stored one (a repeated step keeps its code) or a new,
    not yet added row — the caller adds it in the transaction that records the seal order."""
    voucher = voucher_of(application)
    if voucher is not None:
        return voucher
    config = current_app.config
    grants = grant_seals(application.form["seals"], seal_codes, config["FREE_SEALS"])
    return SealVoucher(
        application_id=application.id, code=new_voucher_code(),
        seals=[{"kind": g.kind, "code": g.code, "free": g.free} for g in grants],
        free_seals=[kind for kind in free_kinds(config["FREE_SEALS"]) if kind in application.form["seals"]],
        valid_until=local_date(utcnow()) + timedelta(days=config["VOUCHER_VALID_DAYS"]),
    )


def issue_voucher(application: Application) -> SealVoucher:
    """The application's voucher from the seal order on record, added to the session."""
    voucher = voucher_for(application, (application.step("seal_carving").result or {}).get("seal_codes", {}))
    db.session.add(voucher)
    db.session.flush()
    return voucher


def find_voucher(code: str) -> SealVoucher | None:
    """The voucher with this code however it was typed (spaces, dashes, lower case)."""
    if not is_well_formed_voucher_code(code):
        return None
    return db.session.scalar(select(SealVoucher).where(SealVoucher.code == format_voucher_code(code)))


def add_shop(name: str) -> tuple[SealShop, str]:
    """Register a seal shop; returns it and its API key (shown once, only its hash is kept)."""
    key = new_shop_key()
    shop = SealShop(name=name, key_hash=hash_shop_key(key))
    db.session.add(shop)
    return shop, key


def shop_for_key(key: str | None) -> SealShop | None:
    if not key:
        return None
    return db.session.scalar(select(SealShop).where(SealShop.key_hash == hash_shop_key(key)))


class VoucherRefused(Exception):
    """A voucher action that the voucher's state does not allow; `status` is the HTTP answer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Redemption:
    voucher: SealVoucher
    application: Application


def redeem(voucher: SealVoucher, shop: SealShop, today: date | None = None) -> Redemption:
    """Mark the voucher redeemed by shop; exactly one of any number of racing shops gets it."""
    if voucher.valid_until < (today or local_date(utcnow())):
        raise VoucherRefused(410, _("凭证已过有效期"))
    holder = db.session.get(Application, voucher.application_id)
    if holder.ready_at is None or holder.revoked_at is not None or holder.status in (
            ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        raise VoucherRefused(409, _("该申请尚未发放证照或已被撤销，凭证暂不能使用"))
    now = utcnow()
    # The condition is checked and the row written in one statement: the database picks the winner.
    won = db.session.execute(
        update(SealVoucher)
        .where(SealVoucher.id == voucher.id, SealVoucher.redeemed_at.is_(None))
        .values(redeemed_at=now, redeemed_by_shop_id=shop.id)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not won:
        db.session.rollback()
        raise VoucherRefused(409, _("该凭证已核销，不能重复使用"))
    db.session.refresh(voucher)
    application = db.session.get(Application, voucher.application_id)
    record(application, f"seal_shop:{shop.id}", "seal_voucher_redeemed", shop.name)
    return Redemption(voucher, application)


def mark_carved(voucher: SealVoucher, shop: SealShop) -> datetime:
    """The redeeming shop reports the seals carved; repeating it keeps the first time."""
    if voucher.redeemed_by_shop_id != shop.id:
        raise VoucherRefused(409 if voucher.redeemed_at is None else 403,
                             _("请先核销凭证") if voucher.redeemed_at is None else _("该凭证由其他刻章企业核销"))
    if voucher.impressions_confirmed_at is None:
        raise VoucherRefused(409, _("申请人尚未确认印模，请待确认后再刻制"))
    if voucher.carved_at is None:
        voucher.carved_at = utcnow()
        record(db.session.get(Application, voucher.application_id), f"seal_shop:{shop.id}",
               "seals_carved", shop.name)
    return voucher.carved_at


def confirm_impressions(voucher: SealVoucher, actor: str = "applicant") -> datetime:
    """印模确认: the applicant approves the impressions; confirming again keeps the first time."""
    if voucher.impressions_confirmed_at is None:
        voucher.impressions_confirmed_at = utcnow()
        record(db.session.get(Application, voucher.application_id), actor, "impressions_confirmed")
    return voucher.impressions_confirmed_at
