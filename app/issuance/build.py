"""The documents step: render, sign and store every document of a finished application."""

from flask_babel import force_locale

from app.documents.bundle import bundle_zip
from app.documents.licence import render_licence
from app.documents.notices import render_bank_notice, render_tax_notice
from app.documents.signing import sign_pdf
from app.documents.voucher import render_voucher
from app.extensions import db
from app.issuance.facts import bank_notice, licence_facts, tax_notice, voucher_facts
from app.issuance.signer import current_signer
from app.issuance.vouchers import issue_voucher
from app.models import Application, Document

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


def render_documents(application: Application) -> dict[str, bytes]:
    """Every document's PDF by kind; the licence signed by the registration authority."""
    with force_locale("zh"):  # official documents are in Chinese whoever triggered the step
        voucher = issue_voucher(application)
        return {
            "business_license": sign_pdf(render_licence(licence_facts(application)), current_signer()),
            "seal_voucher": render_voucher(voucher_facts(application, voucher)),
            "tax_notice": render_tax_notice(tax_notice(application)),
            "bank_notice": render_bank_notice(bank_notice(application)),
        }


def build_documents(application: Application) -> list[str]:
    """Render, sign and store the documents and the bundle; returns their kinds. No commit.

    The bundle is a ZIP, not one merged PDF: rewriting the signed licence would break its signature.
    """
    pdfs = render_documents(application)
    for kind, pdf in pdfs.items():
        store(application, kind, pdf)
    store(application, BUNDLE, bundle_zip({FILE_NAMES[kind]: pdf for kind, pdf in pdfs.items()}),
          "application/zip")
    return [*pdfs, BUNDLE]
