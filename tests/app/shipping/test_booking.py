"""证照邮寄 booking: a waybill for every courier application once it is ready for issue, none for the window."""

import json

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, Shipment, StepStatus
from app.shipping.queries import waybill_request
from devstack.stack import wait_until
from tests.factories import (
    example_payload,
    filed_application,
    ready_application,
    run_pipeline,
    sign_with_client,
)

COURIER = {"method": "courier", "recipient": "张三", "phone": "13800000000",
           "address": "湖北省十堰市竹溪县城关镇人民路1号"}


def submit(app, client, payload) -> dict:
    """Submit, and every party signs (accepted: the pipeline runs)."""
    response = client.post("/api/v1/applications", json=payload)
    assert response.status_code == 201, response.get_json()
    sign_with_client(client, app, response.get_json()["number"])
    return response.get_json()


def shipment_step(app, number: str):
    """(application status, shipment step, Shipment or None) as the database has them now."""
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        step = application.step("shipment")
        shipment = db.session.scalar(select(Shipment).where(Shipment.application_id == application.id))
        return application.status, step.status, step.result, shipment


@pytest.mark.slow
def test_the_worker_books_a_waybill_for_courier_delivery_only(stack):
    client = stack.app.test_client()
    by_courier = submit(stack.app, client, example_payload())
    at_window = submit(stack.app, client, example_payload(delivery={"method": "window"}))

    def settled(created):
        def done():
            status, step_status, result, shipment = shipment_step(stack.app, created["number"])
            assert status not in ("needs_review", "rejected"), (status, result)
            return (status, step_status, result, shipment) if step_status == StepStatus.DONE else None
        return wait_until(done, 60, message=f"shipment step of {created['number']}")

    status, _, result, shipment = settled(by_courier)
    assert status == ApplicationStatus.READY_FOR_ISSUE
    assert shipment.waybill_number.startswith("SF") and shipment.waybill_number == result["waybill_number"]
    tracked = requests.get(f"{stack.sandbox_url}/courier/waybills/{shipment.waybill_number}", timeout=5).json()
    assert tracked["status"] == "booked"

    status, _, result, shipment = settled(at_window)
    assert status == ApplicationStatus.READY_FOR_ISSUE
    assert shipment is None and result == {"delivery": "window"}


def test_a_window_application_gets_no_waybill(ctx):
    application = ready_application(delivery={"method": "window"})
    step = application.step("shipment")
    assert step.status == StepStatus.DONE and step.result == {"delivery": "window"} and step.reference is None
    assert db.session.scalar(select(Shipment).where(Shipment.application_id == application.id)) is None


def test_the_booking_carries_the_centre_the_recipient_and_the_contents_but_no_id_number(ctx):
    application = ready_application(delivery=COURIER)
    body = waybill_request(application)
    assert body["sender"] == {"name": ctx.config["CENTRE_NAME"], "phone": ctx.config["CENTRE_PHONE"],
                              "address": ctx.config["CENTRE_ADDRESS"]}
    assert body["recipient"] == {"name": "张三", "phone": "13800000000", "address": COURIER["address"]}
    assert body["contents"] == ["营业执照", "印章×3", "发票"]
    assert "420324199001011235" not in json.dumps(body) and "id_number" not in json.dumps(body)


def test_running_the_step_again_books_nothing_new(ctx):
    application = ready_application(delivery=COURIER)
    step = application.step("shipment")
    first = db.session.scalar(select(Shipment).where(Shipment.application_id == application.id))
    step.status, step.queued_at = StepStatus.PENDING, None  # as if the message came twice
    db.session.commit()
    run_pipeline(application)
    shipments = db.session.scalars(select(Shipment).where(Shipment.application_id == application.id)).all()
    assert [s.waybill_number for s in shipments] == [first.waybill_number]
    assert application.step("shipment").reference == first.waybill_number


def test_a_refused_booking_goes_to_the_clerk_with_the_reason(ctx):
    refused = dict(COURIER, address="湖北省十堰市竹溪县城关镇邮寄退回路1号")
    application = run_pipeline(filed_application(example_payload(delivery=refused)))
    step = application.step("shipment")
    assert step.status == StepStatus.NEEDS_REVIEW and "快递" in step.error
    assert application.status == ApplicationStatus.NEEDS_REVIEW
    assert db.session.scalar(select(Shipment).where(Shipment.application_id == application.id)) is None
