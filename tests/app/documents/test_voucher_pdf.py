from dataclasses import replace

from app.documents.model import SealGrant
from app.documents.voucher import render_voucher


def test_voucher_text_names_company_code_and_seals(probe, voucher_facts, fonts_embedded):
    pdf = render_voucher(voucher_facts)
    text = probe.text(pdf)
    for expected in ("免费刻章凭证", voucher_facts.company_name, voucher_facts.uscc,
                     voucher_facts.voucher_code, "2026年06月11日", "公章", "财务专用章", "发票专用章",
                     "法人名章", "合同专用章", "4203240012349"):
        assert expected in text, expected
    fonts_embedded(probe.fonts(pdf))


def test_free_and_paid_seals_are_marked(probe, voucher_facts):
    assert "自费" in probe.text(render_voucher(voucher_facts))
    all_free = replace(voucher_facts, seals=[SealGrant("official", "4203240012345", True)])
    text = probe.text(render_voucher(all_free))
    assert "免费" in text and "自费" not in text.split("说明")[0]


def test_voucher_qr_decodes_to_its_redemption_url(probe, voucher_facts):
    (page,) = probe.pages(render_voucher(voucher_facts))
    assert probe.barcodes(page)["QRCode"] == voucher_facts.verify_url


def _red_pixels(probe, pdf: bytes) -> int:
    (page,) = probe.pages(pdf, dpi=50)
    return sum(1 for r, g, b in page.convert("RGB").getdata() if r > 180 and g < 110 and b < 110)


def test_voucher_draws_each_seal_impression_in_red(probe, voucher_facts):
    one_seal = replace(voucher_facts, seals=voucher_facts.seals[:1])
    frame_and_one = _red_pixels(probe, render_voucher(one_seal))
    frame_and_five = _red_pixels(probe, render_voucher(voucher_facts))
    # Four more impressions at real size add a lot of red ink to the same frame.
    assert frame_and_five > frame_and_one * 1.8
