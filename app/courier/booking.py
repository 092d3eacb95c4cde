"""Booking a waybill for an application delivered by courier, and keeping its Shipment row."""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Shipment
from app.timefmt import SHANGHAI

COURIER = "courier"


def by_courier(application: Application) -> bool:
    """True when the applicant asked for 证照邮寄 rather than collecting at the window."""
    return (application.form.get("delivery") or {}).get("method") == COURIER


def parcel_contents(application: Application) -> list[str]:
    """What goes in the parcel: the licence, the free seals, the first invoices."""
    return ["营业执照", f"印章×{len(application.form.get('seals') or [])}", "发票"]


def sender() -> dict[str, str]:
    """The centre sends every parcel (寄件人 from settings)."""
    config = current_app.config
    return {"name": config["CENTRE_NAME"], "phone": config["CENTRE_PHONE"], "address": config["CENTRE_ADDRESS"]}


def waybill_request(application: Application) -> dict:
    """The courier's booking body; only delivery details, never an ID number."""
    delivery = application.form["delivery"]
    return {
        "application_number": application.number,
        "sender": sender(),
        "recipient": {"name": delivery["recipient"], "phone": delivery["phone"], "address": delivery["address"]},
        "contents": parcel_contents(application),
    }


def record_shipment(application: Application, booked: dict) -> Shipment:
    """Keep the courier's answer {waybill_number, booked_at} (no commit; a second call changes nothing)."""
    shipment = db.session.scalar(select(Shipment).where(Shipment.application_id == application.id))
    if shipment is None:
        booked_at = datetime.fromisoformat(booked["booked_at"])
        if booked_at.tzinfo is None:  # a courier that leaves out the offset means China time
            booked_at = booked_at.replace(tzinfo=SHANGHAI)
        shipment = Shipment(application_id=application.id, waybill_number=booked["waybill_number"],
                            booked_at=booked_at)
        db.session.add(shipment)
    return shipment
