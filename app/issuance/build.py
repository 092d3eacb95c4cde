"""Render, sign and store the documents of an application.

Each document is made on the pipeline branch that has its facts, while the other agencies
are still working: the licence once registration is done, the voucher with the seal order, the
notices with the tax and bank answers. The `documents` step then only packs the bundle.
`build_documents` renders everything again from the answers on record (benchmarks, repairs).
"""

from flask_babel import force_locale
from sqlalchemy import select

from app.documents.bundle import bundle_zip
from app.documents.licence import render_licence
from app.documents.notices import render_bank_notice, render_tax_notice
from app.documents.signing import sign_pdf
from app.documents.voucher import render_voucher
from app.extensions import db
from app.issuance.facts import bank_notice, licence_facts, tax_notice, voucher_facts
from app.issuance.operations import issue_voucher
from app.issuance.signer import current_signer
from app.models import Application, Document, SealVoucher

# Kinds as API.md names them, in the order the bundle and the print job list them.
FILE_NAMES = {
    "business_license": "营业执照.pdf",
    "seal_voucher": "免费刻章凭证.pdf",
    "tax_notice": "税务事项通知书.pdf",
    "bank_notice": "银行开户通知书.pdf",
}
BUNDLE = "bundle"


def store(application: Application, kind: str, content: bytes, content_type: str = "application/pdf") -> None:
    """Insert or replace one document (a step that runs twice leaves one row)."""
    existing = db.session.query(Document).filter_by(application_id=application.id, kind=kind).one_or_none()
    if existing:
        existing.content, existing.content_type = content, content_type
    else:
        db.session.add(Document(application_id=application.id, kind=kind, content=content,
                                content_type=content_type))


# Official documents are in Chinese whoever triggered the step.

def licence_pdf(application: Application) -> bytes:
    """The 电子营业执照, signed by the registration authority (needs the registration on record)."""
    with force_locale("zh"):
        return sign_pdf(render_licence(licence_facts(application)), current_signer())


def voucher_pdf(application: Application, voucher: SealVoucher) -> bytes:
    with force_locale("zh"):
        return render_voucher(voucher_facts(application, voucher))


def tax_notice_pdf(application: Application, answer: dict | None = None) -> bytes:
    with force_locale("zh"):
        return render_tax_notice(tax_notice(application, answer))


def bank_notice_pdf(application: Application, answer: dict | None = None) -> bytes:
    with force_locale("zh"):
        return render_bank_notice(bank_notice(application, answer))


def bundle(application: Application) -> bytes:
    """All stored documents in one ZIP — not one merged PDF, which would break the licence's signature."""
    stored = dict(db.session.execute(
        select(Document.kind, Document.content).where(Document.application_id == application.id,
                                                      Document.kind.in_(FILE_NAMES))).all())
    missing = set(FILE_NAMES) - set(stored)
    if missing:
        raise LookupError(f"documents not built yet: {sorted(missing)}")
    return bundle_zip({FILE_NAMES[kind]: stored[kind] for kind in FILE_NAMES})


def build_documents(application: Application) -> list[str]:
    """Render, sign and store every document and the bundle from the answers on record. No commit."""
    voucher = issue_voucher(application)
    store(application, "business_license", licence_pdf(application))
    store(application, "seal_voucher", voucher_pdf(application, voucher))
    store(application, "tax_notice", tax_notice_pdf(application))
    store(application, "bank_notice", bank_notice_pdf(application))
    db.session.flush()
    store(application, BUNDLE, bundle(application), "application/zip")
    return [*FILE_NAMES, BUNDLE]
