"""What shipping knows: which applications go by courier, what their waybill asks for,
today's pickups with the parcels printed for them (labels, manifest), and how one parcel's
delivery went (who signed for it)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app, url_for
from sqlalchemy import and_, or_, select

from app.documents.model import Parcel
from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, Shipment
from app.signing.parties import mask_name
from app.timefmt import SHANGHAI
from app.urls import public_url

COURIER = "courier"
# The audit action that keeps the name of who signed for a parcel (签收人; its note is the name as
# the courier typed it): the append-only trail already says who recorded it and when.
SIGNED_FOR = "delivery_signed_for"


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


@dataclass(frozen=True)
class Delivery:
    """One application's parcel as the clerk and the tracking page show it."""

    waybill_number: str
    booked_at: datetime
    picked_up_at: datetime | None
    delivered_at: datetime | None
    signed_for: str | None  # the full name: whoever shows it to someone else masks it

    @property
    def state(self) -> str:
        return "delivered" if self.delivered_at else "picked_up" if self.picked_up_at else "booked"

    @property
    def signed_for_masked(self) -> str | None:
        """张* — what a page that someone other than staff may read shows of the name."""
        return mask_name(self.signed_for) if self.signed_for else None


def signed_for(application: Application) -> str | None:
    """Who signed for the application's parcel, as the courier recorded it at the door."""
    return db.session.scalar(
        select(AuditEvent.note).where(AuditEvent.application_id == application.id, AuditEvent.action == SIGNED_FOR)
        .order_by(AuditEvent.id.desc()).limit(1))


def signed_for_names(shipments: list[Shipment]) -> dict[int, str]:
    """Who signed for each of these parcels, by application id (one query for a whole list)."""
    ids = [shipment.application_id for shipment in shipments if shipment.delivered_at is not None]
    if not ids:
        return {}
    rows = db.session.execute(select(AuditEvent.application_id, AuditEvent.note)
                              .where(AuditEvent.application_id.in_(ids), AuditEvent.action == SIGNED_FOR)
                              .order_by(AuditEvent.id))
    return {application_id: name for application_id, name in rows}  # the latest wins


def delivery_for(application: Application) -> Delivery | None:
    """The application's parcel, or None when it has no waybill (window pickup, not yet booked)."""
    shipment = db.session.scalar(select(Shipment).where(Shipment.application_id == application.id))
    if shipment is None:
        return None
    return Delivery(shipment.waybill_number, shipment.booked_at, shipment.picked_up_at, shipment.delivered_at,
                    signed_for(application) if shipment.delivered_at else None)
