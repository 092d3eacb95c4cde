"""The courier's pages (thin: app.shipping's queries read and operations write, app.documents.labels draws)."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.archive import kept_archive
from app.audit.operations import record_event
from app.courier import bp
from app.documents.labels import mask_phone, render_labels, render_manifest
from app.extensions import db
from app.models import Role
from app.refusal import Refusal
from app.shipping import operations
from app.shipping.queries import parcel, pickups, selected, signed_for_names
from app.timefmt import local, today_in_shanghai
from app.web.camera import allow_camera
from app.web.guards import role_required

PICK_UP, DELIVER = "pick_up", "deliver"
SCAN_MODES = (PICK_UP, DELIVER)


def scan_mode(value: str | None) -> str:
    return value if value in SCAN_MODES else PICK_UP


@bp.get("/", endpoint="pickups")
@role_required(Role.COURIER)
@allow_camera  # the scan box can read the label's barcode with the phone's camera
def pickups_page():
    day = today_in_shanghai()
    lists = pickups(day)
    return render_template("courier/pickups.html", day=day, lists=lists, signed_for=signed_for_names(lists.on_the_way),
                           mode=scan_mode(request.args.get("mode")), waybill=request.args.get("waybill", ""),
                           mask_phone=mask_phone, local=local)


@bp.post("/scan")
@role_required(Role.COURIER)
def scan():
    mode = scan_mode(request.form.get("mode"))
    waybill = request.form.get("waybill", "")
    if mode == PICK_UP:
        shipment = operations.pick_up(waybill, current_user)
        kept_archive(shipment.application)  # 电子档案: what decided it, as it stands at the hand-over
        done = _("%(number)s 已揽收：%(recipient)s", number=shipment.waybill_number,
                 recipient=shipment.application.form["delivery"]["recipient"])
    else:
        shipment = operations.deliver(waybill, current_user, request.form.get("signed_for"))
        done = _("%(number)s 已签收：%(name)s 签收", number=shipment.waybill_number,
                 name=" ".join(request.form.get("signed_for", "").split()))
    db.session.commit()
    flash(done, "success")
    return back_to_scanning(mode)


@bp.errorhandler(Refusal)
def refused(refusal: Refusal):
    """A refused scan changes nothing; the courier reads why on the scan page and scans on. A delivery
    refused for want of the signer's name keeps its waybill, so only the name is left to type."""
    db.session.rollback()
    flash(refusal.message, "error")
    mode = scan_mode(request.form.get("mode"))
    unnamed = mode == DELIVER and not (request.form.get("signed_for") or "").strip()
    return back_to_scanning(mode, request.form.get("waybill", "").strip() if unnamed else "")


def back_to_scanning(mode: str, waybill: str = ""):
    return redirect(url_for("courier.pickups", mode=mode, waybill=waybill or None), code=303)


def _pdf(content: bytes, name: str) -> Response:
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _batch(kind: str):
    """Today's parcels chosen by waybill; printing them (names, phones, addresses) is audited."""
    day = today_in_shanghai()
    parcels = [parcel(shipment) for shipment in selected(request.args.getlist("waybill"), day)]
    if parcels:
        record_event("printed", current_user, note=f"{kind}: " + " ".join(p.waybill_number for p in parcels))
        db.session.commit()
    return day, parcels


@bp.get("/labels.pdf")
@role_required(Role.COURIER)
def labels():
    day, parcels = _batch("labels")
    if not parcels:
        flash(_("没有待揽收的邮件，无需打印面单"), "error")
        return redirect(url_for("courier.pickups"), code=303)
    return _pdf(render_labels(parcels), f"labels-{day:%Y%m%d}.pdf")


@bp.get("/manifest.pdf")
@role_required(Role.COURIER)
def manifest():
    day, parcels = _batch("manifest")
    if not parcels:
        flash(_("没有待揽收的邮件，无需打印交接清单"), "error")
        return redirect(url_for("courier.pickups"), code=303)
    return _pdf(render_manifest(parcels, current_app.config["CENTRE_NAME"], day), f"manifest-{day:%Y%m%d}.pdf")
