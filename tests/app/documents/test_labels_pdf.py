import re
from datetime import date

import pytest

from app.documents.labels import LabelError, mask_phone, redact_id_numbers, render_labels, render_manifest

ID_LIKE = re.compile(r"\d{17}[\dXx]")
FULL_MOBILE = re.compile(r"1[3-9]\d{9}")


def test_one_label_page_per_parcel_each_scannable(probe, parcel):
    parcels = [parcel(n) for n in range(3)]
    pages = probe.pages(render_labels(parcels))
    assert len(pages) == 3
    for page, sent in zip(pages, parcels, strict=True):
        assert page.size == (591, 886)  # 100×150 mm at 150 dpi
        codes = probe.barcodes(page)
        assert codes["Code128"] == sent.waybill_number
        assert codes["QRCode"] == sent.tracking_url


def test_a_numeric_waybill_scans_too(probe, parcel):
    (page,) = probe.pages(render_labels([parcel(0, waybill_number="9876543210123")]))
    assert probe.barcodes(page)["Code128"] == "9876543210123"


def test_labels_show_masked_phones_and_no_id_number(probe, parcel, fonts_embedded):
    leaky = parcel(0, recipient_address="人民路88号（身份证420324199001011235）",
                   contents=["营业执照副本", "备注420324199001011235"])
    pdf = render_labels([leaky])
    text = probe.text(pdf).replace(" ", "")
    assert "138****0000" in text
    assert "张三丰" in text and "人民路88号" in text and "营业执照副本" in text
    assert not ID_LIKE.search(text)
    assert not FULL_MOBILE.search(text)
    assert "0719-5212345" in text  # the centre's public landline stays whole for the courier
    fonts_embedded(probe.fonts(pdf))


def test_mask_phone():
    assert mask_phone("13812340000") == "138****0000"
    assert mask_phone("+86 138-1234-0000") == "138****0000"
    assert mask_phone("0719-5212345") == "071****2345"
    assert mask_phone("12345") == "***45"


def test_redact_id_numbers_keeps_other_numbers():
    assert redact_id_numbers("420324199001011235") == "*" * 18
    assert redact_id_numbers("42032419900101123X号") == "*" * 18 + "号"
    assert redact_id_numbers("人民路88号301室") == "人民路88号301室"
    assert redact_id_numbers("EK123456780CN") == "EK123456780CN"


def test_a_waybill_too_long_to_scan_is_refused(parcel):
    with pytest.raises(LabelError):
        render_labels([parcel(0, waybill_number="EK" + "A1" * 20 + "CN")])


def test_manifest_lists_every_parcel_and_has_signature_lines(probe, parcel, fonts_embedded):
    parcels = [parcel(n) for n in range(30)]
    pdf = render_manifest(parcels, "竹溪县政务服务中心", date(2026, 5, 13))
    text = probe.text(pdf)
    assert len(probe.pages(pdf, dpi=20)) > 1
    for sent in parcels:
        assert sent.waybill_number in text
    assert "138****0000" in text and not FULL_MOBILE.search(text.replace(" ", ""))
    assert "交件人（签字）" in text and "揽收人（签字）" in text
    assert "共30件" in text
    fonts_embedded(probe.fonts(pdf))
