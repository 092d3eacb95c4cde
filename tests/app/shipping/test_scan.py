"""Scanning a waybill: picked up (shipped, the issue clock stops), then delivered; every refusal explained."""

from datetime import timedelta

from flask import render_template
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent
from app.shipping.queries import delivery_for
from app.sla.lights import current_light
from tests.factories import ready_parcels


def scan(client, waybill: str, mode: str, signed_for: str | None = "张三"):
    data = {"waybill": waybill, "mode": mode}
    if mode == "deliver" and signed_for is not None:
        data["signed_for"] = signed_for
    return client.post("/courier/scan", data=data, follow_redirects=True)


def events(application: Application) -> list[tuple]:
    return [(e.actor_user_id, e.action, e.from_status, e.to_status) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.application_id == application.id).order_by(AuditEvent.id))]


def test_pick_up_then_deliver(courier_client, courier):
    shipment, = ready_parcels(1)
    waybill, application_id = shipment.waybill_number, shipment.application_id

    page = scan(courier_client, waybill.lower(), "pick_up").get_data(as_text=True)  # typed by hand, lower case
    assert f"{waybill} 已揽收" in page
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    assert application.status == ApplicationStatus.SHIPPED
    assert application.handed_over_at is not None and application.delivered_at is None
    assert shipment.picked_up_by == courier.username and shipment.picked_up_at == application.handed_over_at

    page = scan(courier_client, f" {waybill}\n", "deliver", signed_for=" 李四（同事  代收） ").get_data(as_text=True)
    assert f"{waybill} 已签收：李四（同事 代收） 签收" in page
    db.session.expire_all()
    assert application.status == ApplicationStatus.DELIVERED
    assert application.delivered_at == shipment.delivered_at and shipment.delivered_by == courier.username
    assert events(application)[-3:] == [(courier.id, "picked_up", "ready_for_issue", "shipped"),
                                        (courier.id, "delivered", "shipped", "delivered"),
                                        (courier.id, "delivery_signed_for", "delivered", "delivered")]
    # Who signed: on the clerk's status line, in the courier's list, and for the tracking page.
    assert application.status_note == f"已签收，运单号 {waybill}，签收人：李四（同事 代收）"
    assert "李四（同事 代收）" in courier_client.get("/courier/").get_data(as_text=True)
    delivery = delivery_for(application)
    assert delivery.state == "delivered" and delivery.signed_for == "李四（同事 代收）"
    assert delivery.signed_for_masked == "李********" and delivery.waybill_number == waybill


def test_the_issue_clock_stops_at_pick_up(courier_client):
    shipment, = ready_parcels(1)
    application = shipment.application
    a_month_later = application.ready_at + timedelta(days=30)
    assert current_light(application, now=a_month_later) == "red"  # still waiting: past due

    scan(courier_client, shipment.waybill_number, "pick_up")
    db.session.expire_all()
    assert application.handed_over_at is not None
    assert current_light(application, now=a_month_later) == "green"  # frozen at the hand-over


def test_refusals_are_explained_in_chinese(courier_client):
    first, second = ready_parcels(2)

    assert "运单号 SF000000000000 不存在" in scan(courier_client, "SF000000000000", "pick_up").get_data(as_text=True)
    assert "请扫描或输入运单号" in scan(courier_client, "   ", "pick_up").get_data(as_text=True)
    assert f"运单 {first.waybill_number} 尚未揽收，请先扫描揽收" in scan(
        courier_client, first.waybill_number, "deliver").get_data(as_text=True)

    scan(courier_client, first.waybill_number, "pick_up")
    again = scan(courier_client, first.waybill_number, "pick_up").get_data(as_text=True)
    assert f"运单 {first.waybill_number} 已于" in again and "揽收，无需重复扫描" in again

    scan(courier_client, first.waybill_number, "deliver")
    again = scan(courier_client, first.waybill_number, "deliver").get_data(as_text=True)
    assert "签收，无需重复扫描" in again

    db.session.expire_all()
    second.application.status = ApplicationStatus.WITHDRAWN
    db.session.commit()
    page = scan(courier_client, second.waybill_number, "pick_up").get_data(as_text=True)
    assert "当前不能揽收（已撤回）" in page
    db.session.expire_all()
    assert second.picked_up_at is None


def test_the_list_moves_a_parcel_from_waiting_to_picked_up(courier_client):
    waiting, picked = ready_parcels(2)
    scan(courier_client, picked.waybill_number, "pick_up")
    response = courier_client.get("/courier/")
    assert "camera=(self)" in response.headers["Permissions-Policy"]  # the scan box may use the phone's camera
    assert "camera=()" in courier_client.get("/courier/labels.pdf").headers["Permissions-Policy"]
    page = response.get_data(as_text=True)
    waiting_part, picked_part = page.split('<h2 class="heading-m">已揽收')
    assert waiting.waybill_number in waiting_part and picked.waybill_number not in waiting_part
    assert picked.waybill_number in picked_part and "已揽收</span>" in picked_part
    assert 'autofocus' in waiting_part and 'name="waybill"' in waiting_part
    for shipment in (waiting, picked):
        phone = shipment.application.form["delivery"]["phone"]
        assert phone not in page and f"{phone[:3]}****{phone[-4:]}" in page


def test_delivery_needs_the_name_of_who_signed(courier_client):
    shipment, = ready_parcels(1)
    scan(courier_client, shipment.waybill_number, "pick_up")
    for name in (None, "   "):
        response = scan(courier_client, shipment.waybill_number, "deliver", signed_for=name)
        page = response.get_data(as_text=True)
        assert "请填写签收人姓名（收件人本人或代收人）" in page
        # The waybill stays in the box; only the name is left to type.
        assert f'value="{shipment.waybill_number}"' in page and 'id="signed-for"' in page
    assert "签收人姓名最长 40 个字" in scan(courier_client, shipment.waybill_number, "deliver",
                                     signed_for="张" * 41).get_data(as_text=True)
    db.session.expire_all()
    assert shipment.delivered_at is None and shipment.application.status == ApplicationStatus.SHIPPED
    assert delivery_for(shipment.application).state == "picked_up"
    assert delivery_for(shipment.application).signed_for is None


def test_the_tracking_partial_shows_the_parcel_and_a_masked_signer(app, courier_client):
    shipment, = ready_parcels(1)
    scan(courier_client, shipment.waybill_number, "pick_up")
    scan(courier_client, shipment.waybill_number, "deliver", signed_for="王五")
    db.session.expire_all()
    with app.test_request_context("/track/x"):
        html = render_template("public/_track_delivery.html", delivery=delivery_for(shipment.application))
        assert render_template("public/_track_delivery.html", delivery=None).strip() == ""
    assert shipment.waybill_number in html and "已签收" in html
    assert 'id="delivery-signed-for">王*<' in html and "王五" not in html
