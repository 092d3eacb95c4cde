"""The batch's labels and manifest as the courier downloads them, read back like a scanner and a reader."""

import re

from app.extensions import db
from tests.factories import ready_parcels
from tests.support.pdf import barcodes, pdf_pages, pdf_text

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
# Someone pasted an ID number into the address: the label must still not show it.
PASTED_ID = "420324199202025676"


def three_parcels():
    shipments = ready_parcels(3)
    last = shipments[2].application
    last.form = last.form | {"delivery": last.form["delivery"] | {
        "address": f"湖北省十堰市竹溪县蒋家堰镇新街6号 {PASTED_ID}"}}
    db.session.commit()
    return shipments


def secrets_of(shipments) -> list[str]:
    """What must never be printed: every ID number on the forms and every full phone number."""
    found = {PASTED_ID}
    for shipment in shipments:
        form = shipment.application.form
        found.add(form["legal_representative"]["id_number"])
        found.update(s["id_number"] for s in form.get("shareholders", []))
        found.update({form["delivery"]["phone"], form["legal_representative"]["phone"], form["contact"]["phone"]})
    return sorted(found)


def test_one_label_per_parcel_scans_at_150_dpi_and_shows_no_secrets(courier_client, tmp_path):
    shipments = three_parcels()
    response = courier_client.get("/courier/labels.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]

    pages = pdf_pages(response.data, tmp_path)
    assert len(pages) == 3
    for page, shipment in zip(pages, shipments, strict=True):
        assert page.size == (591, 886)  # 100×150 mm at 150 dpi
        decoded = barcodes(page)
        assert decoded.get("Code128") == shipment.waybill_number
        assert decoded.get("QRCode", "").endswith(f"/courier/?waybill={shipment.waybill_number}")

    text = pdf_text(response.data, tmp_path)
    for shipment in shipments:
        delivery = shipment.application.form["delivery"]
        assert delivery["recipient"] in text
        assert f"{delivery['phone'][:3]}****{delivery['phone'][-4:]}" in text
    assert "竹溪县政务服务中心" in text and "营业执照" in text and "印章×3" in text and "发票" in text
    assert not ID_NUMBER.search(text.replace(" ", ""))
    for secret in secrets_of(shipments):
        assert secret not in text.replace(" ", "")


def test_ticked_parcels_only(courier_client, tmp_path):
    first, _, third = ready_parcels(3)
    response = courier_client.get(f"/courier/labels.pdf?waybill={third.waybill_number}&waybill={first.waybill_number}")
    pages = pdf_pages(response.data, tmp_path)
    assert [barcodes(page)["Code128"] for page in pages] == [first.waybill_number, third.waybill_number]


def test_the_manifest_lists_every_parcel_with_signature_lines(courier_client, tmp_path):
    shipments = three_parcels()
    response = courier_client.get("/courier/manifest.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert "证照邮寄交接清单" in text and "共3件" in text
    assert "交件人（签字）" in text and "揽收人（签字）" in text
    for shipment in shipments:
        assert shipment.waybill_number in text
        assert shipment.application.form["delivery"]["recipient"] in text
    for secret in secrets_of(shipments):
        assert secret not in text.replace(" ", "")


def test_nothing_to_print_says_so(courier_client):
    response = courier_client.get("/courier/labels.pdf", follow_redirects=True)
    assert response.mimetype == "text/html" and "没有待揽收的邮件" in response.get_data(as_text=True)


def test_printing_labels_and_the_manifest_is_audited_with_the_courier(app, courier_client, courier):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import AuditEvent

    shipments = three_parcels()
    waybills = {shipment.waybill_number for shipment in shipments}
    assert courier_client.get("/courier/labels.pdf").status_code == 200
    assert courier_client.get("/courier/manifest.pdf").status_code == 200
    with app.app_context():
        printed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "printed")
                                     .order_by(AuditEvent.id)).all()
        assert [event.note.split(":")[0] for event in printed] == ["labels", "manifest"]
        assert all(event.actor_user_id == courier.id and set(event.note.split(": ")[1].split()) == waybills
                   for event in printed)
