"""The courier's pages (thin: app.shipping's queries read and operations write, app.documents.labels draws)."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.operations import record_event
from app.courier import bp
from app.documents.labels import mask_phone, render_labels, render_manifest
from app.extensions import db
from app.models import Role
from app.refusal import Refusal
from app.shipping import operations
from app.shipping.queries import parcel, pickups, selected, today
from app.timefmt import local
from app.web.guards import role_required

PICK_UP, DELIVER = "pick_up", "deliver"
SCANS = {PICK_UP: operations.pick_up, DELIVER: operations.deliver}


def scan_mode(value: str | None) -> str:
    return value if value in SCANS else PICK_UP


@bp.get("/", endpoint="pickups")
@role_required(Role.COURIER)
def pickups_page():
    day = today()
    return render_template("courier/pickups.html", day=day, lists=pickups(day),
                           mode=scan_mode(request.args.get("mode")), waybill=request.args.get("waybill", ""),
                           mask_phone=mask_phone, local=local)


@bp.post("/scan")
@role_required(Role.COURIER)
def scan():
    mode = scan_mode(request.form.get("mode"))
    shipment = SCANS[mode](request.form.get("waybill", ""), current_user)
    db.session.commit()
    done = _("已揽收") if mode == PICK_UP else _("已签收")
    flash(_("%(number)s %(done)s：%(recipient)s", number=shipment.waybill_number, done=done,
            recipient=shipment.application.form["delivery"]["recipient"]), "success")
    return back_to_scanning(mode)


@bp.errorhandler(Refusal)
def refused(refusal: Refusal):
    """A refused scan changes nothing; the courier reads why on the scan page and scans on."""
    db.session.rollback()
    flash(refusal.message, "error")
    return back_to_scanning(scan_mode(request.form.get("mode")))


def back_to_scanning(mode: str):
    return redirect(url_for("courier.pickups", mode=mode), code=303)


def _pdf(content: bytes, name: str) -> Response:
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _batch(kind: str):
    """Today's parcels chosen by waybill; printing them (names, phones, addresses) is audited."""
    day = today()
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
