import zipfile
from io import BytesIO

from app.documents.bundle import bundle_pdf, bundle_zip
from app.documents.licence import render_licence
from app.documents.notices import render_bank_notice, render_tax_notice
from app.documents.signing import demo_signer, sign_pdf, verify_pdf
from app.documents.voucher import render_voucher


def test_bundle_pdf_holds_every_page_in_order(probe, licence_facts, voucher_facts, tax_notice, bank_notice,
                                              fonts_embedded):
    pdfs = [render_licence(licence_facts), render_voucher(voucher_facts), render_tax_notice(tax_notice),
            render_bank_notice(bank_notice)]
    bundle = bundle_pdf(pdfs)
    assert probe.text(bundle).count("\f") == 4
    text = probe.text(bundle)
    pages = text.split("\f")
    assert "营 业 执 照" in pages[0] and "免费刻章凭证" in pages[1]
    assert "税务事项通知书" in pages[2] and "银行开户通知书" in pages[3]
    fonts_embedded(probe.fonts(bundle))


def test_bundle_zip_keeps_the_signed_licence_verifiable(tmp_path, licence_facts, voucher_facts):
    signer = demo_signer(tmp_path)
    signed = sign_pdf(render_licence(licence_facts), signer)
    archive = zipfile.ZipFile(BytesIO(bundle_zip({"营业执照.pdf": signed,
                                                  "免费刻章凭证.pdf": render_voucher(voucher_facts)})))
    assert archive.namelist() == ["营业执照.pdf", "免费刻章凭证.pdf"]
    unpacked = archive.read("营业执照.pdf")
    assert unpacked == signed
    assert verify_pdf(unpacked, [signer.certificate]).valid
