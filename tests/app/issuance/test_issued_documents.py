"""A finished application's documents: rendered, read, scanned, signed, bundled, built once."""

import zipfile
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.issuance import build_documents
from app.issuance.links import qr_signature
from app.issuance.signer import check_licence, current_signer, is_demo
from app.models import Application, Document, SealVoucher
from tests.support.pdf import pdf_pages, pdf_text, qr_texts, tamper

PDF_KINDS = ("business_license", "seal_voucher", "tax_notice", "bank_notice", "social_insurance_notice",
             "housing_fund_notice")


def documents_of(app, number: str) -> tuple[Application, dict[str, Document]]:
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        rows = db.session.scalars(select(Document).where(Document.application_id == application.id)).all()
        db.session.expunge_all()
        return application, {row.kind: row for row in rows}


def test_every_kind_api_md_names_is_stored(app, finished):
    _, documents = documents_of(app, finished)
    assert set(documents) == {*PDF_KINDS, "bundle", "application_form", "articles"}  # the last two: signed at filing
    assert all(documents[kind].content_type == "application/pdf" for kind in PDF_KINDS)
    assert documents["bundle"].content_type == "application/zip"


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_each_document_reads_and_renders_with_the_company_and_its_code(app, finished, kind, tmp_path):
    application, documents = documents_of(app, finished)
    pdf = documents[kind].content
    text = pdf_text(pdf, tmp_path)
    assert application.company_name in text.replace("\n", "")
    assert application.uscc in text
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 1
    assert pages[0].getbbox() is not None  # something is drawn at 150 dpi


def test_the_licence_qr_points_to_its_verify_page_with_the_short_signature(app, finished, tmp_path):
    application, documents = documents_of(app, finished)
    (page,) = pdf_pages(documents["business_license"].content, tmp_path)
    (url,) = qr_texts(page)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == app.config["PUBLIC_BASE_URL"]
    assert parts.path == f"/verify/{application.uscc}"
    signature = parse_qs(parts.query)["s"][0]
    assert 8 <= len(signature) <= 10
    assert signature == qr_signature(application.uscc, app.config["SECRET_KEY"])


def test_the_voucher_shows_its_code_seals_and_a_qr_a_shop_can_scan(app, finished, tmp_path):
    application, documents = documents_of(app, finished)
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application.id))
    pdf = documents["seal_voucher"].content
    text = pdf_text(pdf, tmp_path)
    assert voucher.code in text
    for label in ("公章", "财务专用章", "发票专用章"):
        assert label in text
    assert text.count("免费") >= 3 and "自费" not in text.replace("自费”的印章", "")
    (page,) = pdf_pages(pdf, tmp_path)
    assert qr_texts(page) == [f"{app.config['PUBLIC_BASE_URL']}/api/v1/seal-vouchers/{voucher.code}/redeem"]


def test_notices_carry_what_tax_and_bank_answered(app, finished, tmp_path):
    application, documents = documents_of(app, finished)
    tax_answer = application.step("tax_registration").result
    bank_answer = application.step("bank_account").result
    tax = pdf_text(documents["tax_notice"].content, tmp_path)
    assert tax_answer["tax_office"] in tax and "小规模纳税人" in tax and "增值税普通发票" in tax
    assert f"{tax_answer['monthly_invoice_quota']}份" in tax
    bank = pdf_text(documents["bank_notice"].content, tmp_path)
    assert bank_answer["account_number"] in bank and bank_answer["branch"] in bank
    assert "基本存款账户" in bank


def test_the_licence_is_signed_and_one_changed_byte_breaks_it(app, finished):
    _, documents = documents_of(app, finished)
    licence = documents["business_license"].content
    with app.app_context():
        fresh = check_licence(licence)
        assert fresh.intact and fresh.valid and fresh.coverage == "ENTIRE_FILE"
        assert fresh.demo and "演示密钥" in fresh.signer and is_demo(current_signer())
        broken = check_licence(tamper(licence))
        assert not broken.intact and not broken.valid


def test_the_bundle_zip_holds_every_document_and_the_licence_still_verifies(app, finished):
    _, documents = documents_of(app, finished)
    with zipfile.ZipFile(BytesIO(documents["bundle"].content)) as archive:
        names = archive.namelist()
        files = {name: archive.read(name) for name in names}
    assert names == ["营业执照.pdf", "免费刻章凭证.pdf", "税务事项通知书.pdf", "银行开户通知书.pdf",
                     "社会保险登记通知书.pdf", "住房公积金单位登记通知书.pdf"]
    assert files["营业执照.pdf"] == documents["business_license"].content
    assert files["税务事项通知书.pdf"] == documents["tax_notice"].content
    with app.app_context():
        assert check_licence(files["营业执照.pdf"]).valid


def test_a_repeated_documents_step_keeps_one_row_per_kind_and_the_voucher_code(app, finished):
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == finished))
        code = db.session.scalar(select(SealVoucher.code).where(SealVoucher.application_id == application.id))
        build_documents(application)
        db.session.commit()
        count = db.session.query(Document).filter_by(application_id=application.id).count()
        assert count == 9  # seven built here, the 申请书 and 章程 made at filing
        assert db.session.scalar(select(SealVoucher.code).where(SealVoucher.application_id == application.id)) == code
