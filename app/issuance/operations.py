"""Issuance's writes: the free-seal voucher's life (issued with the documents, confirmed, redeemed
once, carved), the seal shops that redeem it, and revoking a licence (吊销营业执照).

Nothing here commits; the task, request or CLI command that calls it does. A voucher action its
state does not allow raises `Refusal` with the HTTP status API.md gives it (409, 410, 403).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from app.applications.operations import record
from app.extensions import db
from app.issuance.facts import local_date
from app.issuance.queries import voucher_of
from app.models import Application, ApplicationStatus, SealShop, SealVoucher
from app.models.types import utcnow
from app.refusal import Refusal
from seals.grants import free_kinds, grant_seals
from seals.shops import hash_shop_key, new_shop_key
from seals.vouchers import new_voucher_code


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


def add_shop(name: str) -> tuple[SealShop, str]:
    """Register a seal shop; returns it and its API key (shown once, only its hash is kept)."""
    key = new_shop_key()
    shop = SealShop(name=name, key_hash=hash_shop_key(key))
    db.session.add(shop)
    return shop, key


@dataclass
class Redemption:
    voucher: SealVoucher
    application: Application


def redeem(voucher: SealVoucher, shop: SealShop, today: date | None = None) -> Redemption:
    """Mark the voucher redeemed by shop; exactly one of any number of racing shops gets it."""
    if voucher.valid_until < (today or local_date(utcnow())):
        raise Refusal(_("凭证已过有效期"), 410)
    holder = db.session.get(Application, voucher.application_id)
    if holder.ready_at is None or holder.revoked_at is not None or holder.status in (
            ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        raise Refusal(_("该申请尚未发放证照或已被撤销，凭证暂不能使用"), 409)
    now = utcnow()
    # The condition is checked and the row written in one statement: the database picks the winner.
    won = db.session.execute(
        update(SealVoucher)
        .where(SealVoucher.id == voucher.id, SealVoucher.redeemed_at.is_(None))
        .values(redeemed_at=now, redeemed_by_shop_id=shop.id)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not won:  # the request's handler rolls back, ending the transaction that lost
        raise Refusal(_("该凭证已核销，不能重复使用"), 409)
    db.session.refresh(voucher)
    application = db.session.get(Application, voucher.application_id)
    record(application, f"seal_shop:{shop.id}", "seal_voucher_redeemed", shop.name)
    return Redemption(voucher, application)


def mark_carved(voucher: SealVoucher, shop: SealShop) -> datetime:
    """The redeeming shop reports the seals carved; repeating it keeps the first time."""
    if voucher.redeemed_at is None:
        raise Refusal(_("请先核销凭证"), 409)
    if voucher.redeemed_by_shop_id != shop.id:
        raise Refusal(_("该凭证由其他刻章企业核销"), 403)
    if voucher.impressions_confirmed_at is None:
        raise Refusal(_("申请人尚未确认印模，请待确认后再刻制"), 409)
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


def revoke_licence(application: Application, reason: str, actor: str) -> None:
    """Mark the licence revoked now (吊销, shown on the verification page with the date);
    revoking again keeps the first date."""
    if application.revoked_at is None:
        application.revoked_at = utcnow()
        application.revoked_reason = reason
        record(application, actor, "licence_revoked", reason)
