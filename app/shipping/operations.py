"""Shipping's writes: the booked waybill is kept; a scan marks a parcel picked up (揽收) or delivered (签收),
and at delivery who signed for it (签收人, as the courier was told at the door).

Nothing here commits; a scan that changes nothing raises `Refusal`, with the reason in plain
Chinese for the courier, before anything is written."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.applications.operations import change_status, record
from app.extensions import db
from app.models import Application, ApplicationStatus, Shipment, User
from app.models.types import utcnow
from app.refusal import Refusal
from app.shipping.queries import SIGNED_FOR
from app.timefmt import SHANGHAI, local
from app.vocabulary import STATUS_LABELS

SIGNED_FOR_MAX = 40  # a name, or "张三（同事李四代收）"


def normalise_waybill(text: str) -> str:
    """What a scanner or a hand typed: drop spaces, upper-case the letters."""
    return "".join(text.split()).upper()


def find_shipment(waybill_number: str) -> Shipment:
    number = normalise_waybill(waybill_number)
    if not number:
        raise Refusal(_("请扫描或输入运单号"))
    shipment = db.session.scalar(select(Shipment).where(Shipment.waybill_number == number))
    if shipment is None:
        raise Refusal(_("运单号 %(number)s 不存在，请核对后重新扫描", number=number))
    return shipment


def pick_up(waybill_number: str, courier: User) -> Shipment:
    """揽收: the parcel leaves the centre; the application becomes shipped and the issue clock stops."""
    shipment = find_shipment(waybill_number)
    if shipment.picked_up_at is not None:
        raise Refusal(_("运单 %(number)s 已于 %(at)s 揽收，无需重复扫描",
                        number=shipment.waybill_number, at=local(shipment.picked_up_at)))
    application = shipment.application
    if application.status != ApplicationStatus.READY_FOR_ISSUE:
        raise Refusal(_("运单 %(number)s 对应的申请当前不能揽收（%(status)s），请联系窗口",
                        number=shipment.waybill_number,
                        status=STATUS_LABELS.get(application.status, application.status)))
    now = record_scan_once(shipment, "picked_up", courier,
                           _("运单 %(number)s 已揽收，无需重复扫描", number=shipment.waybill_number))
    application.handed_over_at = now
    change_status(application, ApplicationStatus.SHIPPED, courier, "picked_up",
                  _("已揽收，运单号 %(number)s", number=shipment.waybill_number))
    db.session.flush()
    db.session.refresh(shipment)
    return shipment


def signed_for_name(text: str | None) -> str:
    """The name of who signed for the parcel, as the courier typed it (spaces squeezed)."""
    name = " ".join((text or "").split())
    if not name:
        raise Refusal(_("请填写签收人姓名（收件人本人或代收人）"))
    if len(name) > SIGNED_FOR_MAX:
        raise Refusal(_("签收人姓名最长 %(n)d 个字", n=SIGNED_FOR_MAX))
    return name


def deliver(waybill_number: str, courier: User, signed_for: str | None = None) -> Shipment:
    """签收: the recipient (or whoever `signed_for` names) has the licence and seals; the
    application becomes delivered."""
    shipment = find_shipment(waybill_number)
    if shipment.picked_up_at is None:
        raise Refusal(_("运单 %(number)s 尚未揽收，请先扫描揽收", number=shipment.waybill_number))
    if shipment.delivered_at is not None:
        raise Refusal(_("运单 %(number)s 已于 %(at)s 签收，无需重复扫描",
                        number=shipment.waybill_number, at=local(shipment.delivered_at)))
    name = signed_for_name(signed_for)
    now = record_scan_once(shipment, "delivered", courier,
                           _("运单 %(number)s 已签收，无需重复扫描", number=shipment.waybill_number))
    application = shipment.application
    application.delivered_at = now
    change_status(application, ApplicationStatus.DELIVERED, courier, "delivered",
                  _("已签收，运单号 %(number)s，签收人：%(name)s", number=shipment.waybill_number, name=name))
    record(application, courier, SIGNED_FOR, name)
    db.session.flush()
    db.session.refresh(shipment)
    return shipment


def record_scan_once(shipment: Shipment, scan: str, courier: User, already: str) -> datetime:
    """Stamp `<scan>_at` and `<scan>_by` unless already stamped; returns the time.

    Conditional: of two couriers scanning the same parcel at once, exactly one records it; the
    other is refused with `already`.
    """
    now = utcnow()
    stamped_at = getattr(Shipment, f"{scan}_at")
    taken = db.session.execute(
        update(Shipment).where(Shipment.id == shipment.id, stamped_at.is_(None))
        .values({f"{scan}_at": now, f"{scan}_by": courier.username})
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        raise Refusal(already)
    return now


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
