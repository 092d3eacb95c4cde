"""Issuance's reads: an application's voucher, a voucher by its typed code, a shop by its key,
the application behind a licence's credit code."""

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, SealShop, SealVoucher
from seals.shops import hash_shop_key
from seals.vouchers import format_voucher_code, is_well_formed_voucher_code


def voucher_of(application: Application) -> SealVoucher | None:
    return db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application.id))


def find_voucher(code: str) -> SealVoucher | None:
    """The voucher with this code however it was typed (spaces, dashes, lower case)."""
    if not is_well_formed_voucher_code(code):
        return None
    return db.session.scalar(select(SealVoucher).where(SealVoucher.code == format_voucher_code(code)))


def shop_for_key(key: str | None) -> SealShop | None:
    if not key:
        return None
    return db.session.scalar(select(SealShop).where(SealShop.key_hash == hash_shop_key(key)))


def licence_holder(uscc: str) -> Application | None:
    """The application whose licence with this credit code has been signed, if any (a code
    registered but not yet on a licence — or never issued — is not a licence to verify)."""
    signed = select(Document.id).where(Document.application_id == Application.id,
                                       Document.kind == "business_license").exists()
    return db.session.scalar(select(Application).where(Application.uscc == uscc.strip().upper(), signed))
