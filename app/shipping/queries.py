"""What shipping knows: which applications go by courier, what their waybill asks for, and
today's pickups with the parcels printed for them (labels, manifest)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app, url_for
from sqlalchemy import and_, or_, select

from app.documents.model import Parcel
from app.extensions import db
from app.models import Application, ApplicationStatus, Shipment
from app.models.types import utcnow
from app.timefmt import SHANGHAI
from app.urls import public_url

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


def today() -> date:
    return utcnow().astimezone(SHANGHAI).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), SHANGHAI)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class Pickups:
    """The courier's list: parcels waiting at the centre, and those already on their way."""

    waiting: list[Shipment]  # booked, not yet picked up
    on_the_way: list[Shipment]  # picked up today, or picked up earlier and not yet delivered


def pickups(day: date) -> Pickups:
    start, end = day_bounds(day)
    waiting = db.session.scalars(
        select(Shipment).join(Application)
        .where(Shipment.picked_up_at.is_(None), Application.status == ApplicationStatus.READY_FOR_ISSUE)
        .order_by(Shipment.booked_at, Shipment.id)).all()
    on_the_way = db.session.scalars(
        select(Shipment).where(or_(
            and_(Shipment.picked_up_at >= start, Shipment.picked_up_at < end),
            and_(Shipment.picked_up_at.is_not(None), Shipment.delivered_at.is_(None))))
        .order_by(Shipment.picked_up_at.desc(), Shipment.id)).all()
    return Pickups(list(waiting), list(on_the_way))


def selected(waybill_numbers: list[str], day: date) -> list[Shipment]:
    """The ticked parcels, in list order; none ticked means every parcel waiting for pickup."""
    if not waybill_numbers:
        return pickups(day).waiting
    return list(db.session.scalars(
        select(Shipment).where(Shipment.waybill_number.in_(set(waybill_numbers)))
        .order_by(Shipment.booked_at, Shipment.id)))


def scan_url(waybill_number: str) -> str:
    """The label's QR: the courier's scan page with this waybill filled in (no personal data in it)."""
    return public_url(url_for("courier.pickups", waybill=waybill_number))


def parcel(shipment: Shipment) -> Parcel:
    """What the label and the manifest print for one shipment (the renderers mask the phone)."""
    application = shipment.application
    delivery = application.form["delivery"]
    centre = sender()
    return Parcel(
        waybill_number=shipment.waybill_number,
        sender_name=centre["name"], sender_phone=centre["phone"], sender_address=centre["address"],
        recipient_name=delivery["recipient"], recipient_phone=delivery["phone"],
        recipient_address=delivery["address"], contents=parcel_contents(application),
        tracking_url=scan_url(shipment.waybill_number),
    )
