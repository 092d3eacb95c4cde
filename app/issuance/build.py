"""Render, sign and store the documents of an application.

Each document is made on the pipeline branch that has its facts, while the other agencies
are still working: the licence once registration is done, the voucher with the seal order, the
notices with the tax and bank answers. The `documents` step then only packs the bundle.
`build_documents` renders everything again from the answers on record (benchmarks, repairs).
"""

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from app.documents.bundle import bundle_zip
from app.documents.employer_notices import EMPLOYER_NOTICES, render_employer_notice
from app.documents.licence import render_licence
from app.documents.notices import render_bank_notice, render_tax_notice
from app.documents.permit_notice import PermitNotice, render_permit_notice
from app.documents.signing import sign_pdf
from app.documents.voucher import render_voucher
from app.extensions import db
from app.issuance.facts import bank_notice, licence_facts, local_date, step_answer, tax_notice, voucher_facts
from app.issuance.operations import issue_voucher
from app.issuance.signer import current_signer
from app.models import Application, Document, SealVoucher
from app.rules.permits import permits_needed

# Kinds as API.md names them, in the order the bundle and the print job list them.
FILE_NAMES = {
    "business_license": "营业执照.pdf",
    "seal_voucher": "免费刻章凭证.pdf",
    "tax_notice": "税务事项通知书.pdf",
    "bank_notice": "银行开户通知书.pdf",
}
# Made only when the scope has a 许可项目 (证照分离): the 告知书 goes with the licence.
PERMIT_NOTICE = "permit_notice"
PERMIT_NOTICE_FILE = "经营许可告知书.pdf"
BUNDLE = "bundle"


def bundled_files(application: Application) -> dict[str, str]:
    """Kind → file name of every document the bundle must hold for this application, in bundle order:
    the employer notices of the employer steps it has (none for an individual business, nor for an
    application filed before those steps existed), the 告知书 when its scope needs permits."""
    steps = {step.name for step in application.steps}
    files = FILE_NAMES | {notice.kind: notice.file_name for notice in EMPLOYER_NOTICES if notice.step in steps}
    if permits_needed(application.form["business_scope"]):
        files[PERMIT_NOTICE] = PERMIT_NOTICE_FILE
    return files


def store(application: Application, kind: str, content: bytes, content_type: str = "application/pdf") -> None:
    """Insert or replace one document (a step that runs twice leaves one row)."""
    existing = db.session.query(Document).filter_by(application_id=application.id, kind=kind).one_or_none()
    if existing:
        existing.content, existing.content_type = content, content_type
    else:
        db.session.add(Document(application_id=application.id, kind=kind, content=content,
                                content_type=content_type))


def store_all(application: Application, documents: dict[str, bytes], content_type: str = "application/pdf") -> None:
    """Insert or replace several documents with one look-up (store's query per document flushes the
    session each time, and sends every document written so far to the database again and again)."""
    existing = {document.kind: document for document in db.session.scalars(
        select(Document).where(Document.application_id == application.id, Document.kind.in_(documents)))}
    for kind, content in documents.items():
        if kind in existing:
            existing[kind].content, existing[kind].content_type = content, content_type
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


def permit_notice_pdf(application: Application) -> bytes | None:
    """The 经营许可告知书, given by the registration authority; None when no item needs a permit."""
    permits = permits_needed(application.form["business_scope"])
    if not permits:
        return None
    config = current_app.config
    notice = PermitNotice(company_name=application.company_name, uscc=application.uscc, number=application.number,
                          authority=application.authority, issued_on=local_date(application.registered_at),
                          permits=permits, centre=f"{config['CENTRE_NAME']}，电话 {config['CENTRE_PHONE']}")
    with force_locale("zh"):
        return render_permit_notice(notice)


def store_licence_documents(application: Application, licence: bytes, permit_notice: bytes | None) -> None:
    """The licence, and the 告知书 beside it when the scope needs permits."""
    store(application, "business_license", licence)
    if permit_notice is not None:
        store(application, PERMIT_NOTICE, permit_notice)


def bundle(application: Application) -> bytes:
    """All stored documents in one ZIP — not one merged PDF, which would break the licence's signature."""
    files = bundled_files(application)
    stored = dict(db.session.execute(
        select(Document.kind, Document.content).where(Document.application_id == application.id,
                                                      Document.kind.in_(files))).all())
    missing = set(files) - set(stored)
    if missing:
        raise LookupError(f"documents not built yet: {sorted(missing)}")
    return bundle_zip({files[kind]: stored[kind] for kind in files})


def build_documents(application: Application) -> list[str]:
    """Render, sign and store every document and the bundle from the answers on record. No commit."""
    voucher = issue_voucher(application)
    files = bundled_files(application)
    documents = {"business_license": licence_pdf(application)}
    permit_notice = permit_notice_pdf(application)
    if permit_notice is not None:
        documents[PERMIT_NOTICE] = permit_notice
    documents["seal_voucher"] = voucher_pdf(application, voucher)
    documents["tax_notice"] = tax_notice_pdf(application)
    documents["bank_notice"] = bank_notice_pdf(application)
    for notice in EMPLOYER_NOTICES:
        if notice.kind in files:
            documents[notice.kind] = render_employer_notice(
                notice.step, application.company_name, application.uscc, step_answer(application, notice.step))
    store_all(application, documents)
    # The bundle of what was just made, byte for byte what bundle() would read back once stored.
    store(application, BUNDLE, bundle_zip({files[kind]: documents[kind] for kind in files}), "application/zip")
    return [*files, BUNDLE]
