"""Stamping a PDF with an electronic seal: a PAdES signature with the impression at the chosen place, at
the seal's real size, time-stamped; a second stamp keeps the first valid; what cannot be stamped is refused."""

from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.documents.signing import outside_event_loop
from app.eseals.authority import seal_ca
from app.eseals.checks import seal_signatures
from app.eseals.issue import seals_of
from app.eseals.revocation import revoke_seal
from app.eseals.stamping import POINTS_PER_MM, PlaceRefused, seal_size_mm, stamp
from app.extensions import db
from app.models import Role
from app.refusal import Refusal
from seals.kinds import spec_for
from tests.app.eseals.sealed_pdfs import contract_pdf
from tests.app.eseals.test_issue import issued
from tests.factories import create_user
from tests.support.pdf import pdf_pages, tamper

A4_MM = (210, 297)


def seal_of(application, kind: str):
    return next(seal for seal in seals_of(application) if seal.kind == kind)


def pages_pdf(count: int) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(1, count + 1):
        canvas.drawString(72, 720, f"Page {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def red_box(image, dpi: int) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in mm from the page's lower left of the seal-red pixels of a page image."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels = rgb.load()
    red = [(x, y) for y in range(height) for x in range(width)
           if pixels[x, y][0] > 150 and pixels[x, y][1] < 110 and pixels[x, y][2] < 110]
    assert red, "no seal impression on the page"
    to_mm = 25.4 / dpi
    xs, ys = [x for x, _ in red], [y for _, y in red]
    return (min(xs) * to_mm, (height - max(ys)) * to_mm, (max(xs) + 1) * to_mm, (height - min(ys)) * to_mm)


def test_a_stamp_is_a_valid_seal_signature_naming_company_and_seal(app):
    with app.app_context():
        application = issued(app)
        seal = seal_of(application, "official")
        signed = stamp(contract_pdf(), seal, 1, 160, 50)
        [check] = seal_signatures(signed, seal_ca().certificate)
        assert check.valid and check.coverage == "ENTIRE_FILE"
        assert check.serial == seal.serial and check.company == application.company_name
        assert check.field_name == "电子印章 公章 1" and "公章" in check.seal_name


def test_the_signature_is_pades_with_the_seal_cas_time_stamp(app):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        [signature] = PdfFileReader(BytesIO(stamp(contract_pdf(), seal, 1, 100, 100))).embedded_signatures
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        ca = seal_ca()
        status = outside_event_loop(lambda: validate_pdf_signature(
            signature, ValidationContext(trust_roots=[ca.certificate])))
        assert status.timestamp_validity is not None and status.timestamp_validity.intact


def test_the_visible_stamp_is_at_the_chosen_place_and_the_seals_real_size(app):
    with app.app_context():
        application = issued(app)
        seal = seal_of(application, "official")
        signed = stamp(pages_pdf(2), seal, 2, 150, 60)
        reader = PdfReader(BytesIO(signed))
        assert "/Annots" not in reader.pages[0]
        [widget] = [annot.get_object() for annot in reader.pages[1]["/Annots"]]
        left, bottom, right, top = (float(v) / POINTS_PER_MM for v in widget["/Rect"])
        assert (right - left, top - bottom) == pytest.approx((40, 40), abs=0.05)
        assert ((left + right) / 2, (bottom + top) / 2) == pytest.approx((150, 60), abs=0.05)


def test_the_impression_shows_where_chosen_when_the_page_is_rendered(app, tmp_path):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        signed = stamp(pages_pdf(1), seal, 1, 165, 45)
    [page] = pdf_pages(signed, tmp_path, dpi=60)
    left, bottom, right, top = red_box(page, 60)
    assert ((left + right) / 2, (bottom + top) / 2) == pytest.approx((165, 45), abs=1.5)
    assert right - left == pytest.approx(40, abs=2) and top - bottom == pytest.approx(40, abs=2)


def test_each_seal_is_drawn_at_its_specifications_size(app):
    with app.app_context():
        for seal in seals_of(issued(app)):
            spec = spec_for(seal.kind)
            assert seal_size_mm(seal) == pytest.approx((spec.width_mm, spec.height_mm), abs=0.1)


def test_a_second_stamp_keeps_the_first_valid(app):
    with app.app_context():
        application = issued(app)
        official, invoice = seal_of(application, "official"), seal_of(application, "invoice")
        once = stamp(contract_pdf(), official, 1, 160, 50)
        twice = stamp(once, invoice, 1, 60, 50)
        thrice = stamp(twice, official, 1, 105, 150)
        assert thrice.startswith(twice) and twice.startswith(once)  # incremental updates
        checks = seal_signatures(thrice, seal_ca().certificate)
        assert [check.field_name for check in checks] == ["电子印章 公章 1", "电子印章 发票专用章 1", "电子印章 公章 2"]
        assert all(check.valid for check in checks)
        assert [check.coverage for check in checks][-1] == "ENTIRE_FILE"


def test_a_tampered_stamped_file_is_not_valid(app):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        [check] = seal_signatures(tamper(stamp(contract_pdf(), seal, 1, 160, 50)), seal_ca().certificate)
        assert not check.valid


def test_a_revoked_seal_does_not_stamp(app):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        revoke_seal(seal, create_user("clerk-stamp", Role.CLERK), "密钥泄露")
        db.session.commit()
        with pytest.raises(Refusal) as refused:
            stamp(contract_pdf(), seal, 1, 160, 50)
        assert "吊销" in refused.value.message and refused.value.status == 409


@pytest.mark.parametrize("page", [0, 3])
def test_a_page_out_of_range_is_refused(app, page):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        with pytest.raises(PlaceRefused) as refused:
            stamp(pages_pdf(2), seal, page, 100, 100)
        assert refused.value.field == "page" and "共2页" in refused.value.message


@pytest.mark.parametrize("x_mm, y_mm", [(10, 100), (200, 100), (100, 5), (100, 290), (300, 300), (-20, 100)])
def test_a_place_that_puts_the_stamp_off_the_page_is_refused(app, x_mm, y_mm):
    with app.app_context():
        seal = seal_of(issued(app), "official")  # 40 mm: the centre must be 20 mm inside every edge
        with pytest.raises(PlaceRefused) as refused:
            stamp(pages_pdf(1), seal, 1, x_mm, y_mm)
        assert refused.value.field == "position" and "超出页面" in refused.value.message


def test_a_stamp_touching_the_edges_is_on_the_page(app):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        signed = stamp(pages_pdf(1), seal, 1, 20, A4_MM[1] - 20)
        assert seal_signatures(signed, seal_ca().certificate)[0].valid


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pages_pdf(1))))
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def rotated_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pages_pdf(1))))
    writer.pages[0].rotate(90)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("content, words", [
    (b"PK\x03\x04 a zip, not a PDF", "不是PDF"),
    (b"%PDF-1.7\n garbage that no reader makes sense of", "无法读取"),
    (encrypted_pdf(), "加密"),
])
def test_what_is_no_readable_plain_pdf_is_refused(app, content, words):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        with pytest.raises(Refusal) as refused:
            stamp(content, seal, 1, 100, 100)
        assert words in refused.value.message and not isinstance(refused.value, PlaceRefused)


def test_a_rotated_page_is_refused_rather_than_stamped_in_the_wrong_place(app):
    with app.app_context():
        seal = seal_of(issued(app), "official")
        with pytest.raises(PlaceRefused) as refused:
            stamp(rotated_pdf(), seal, 1, 100, 100)
        assert "旋转" in refused.value.message
