"""/track/<number>/correction: only the fields the clerk named; resubmit resumes the pipeline.

ID numbers and phones are never written back into the page: each shows masked
("4203**********1235", "138****0000") beside an empty input the applicant types the corrected
value into, so neither a clerk nor whoever holds the tracking cookie reads a full number here.
Such a field left empty keeps what is stored; a submission that changes nothing is refused.
"""

from flask import abort, redirect, render_template, request

from app.documents.labels import mask_phone
from app.extensions import db, limiter
from app.models import ApplicationStatus
from app.pipeline.operations import commit_and_queue
from app.public import bp
from app.review.operations import resubmit
from app.review.queries import BACKUP_TRADE_NAMES, TRADE_NAME, correctable_fields, open_correction, value_at
from app.rules.id_number import mask_id
from app.web.access import application_for_request, clean_track_url
from forms.html import backup_trade_names
from forms.schema import BACKUP_TRADE_NAMES_MAX


def mask_email(address: str) -> str:
    """zhangsan@example.com → z***@example.com."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


MASKERS = {"id_number": mask_id, "phone": mask_phone, "email": mask_email}  # by the field's last name in its path


def masker(path: str):
    return MASKERS.get(path.rsplit(".", 1)[-1])


def masked_values(form: dict, named: list[str]) -> dict[str, str]:
    """What the page shows of each masked field instead of its value."""
    shown = {}
    for path in named:
        mask, stored = masker(path), value_at(form, path)
        if mask is not None and stored:
            shown[path] = mask(str(stored))
    return shown


def _render(application, correction, values: dict, errors: dict, status: int = 200):
    fields = correctable_fields()
    named = [(f["field"], fields[f["field"]], f["reason"]) for f in correction.fields if f["field"] in fields]
    masked = masked_values(application.form, [path for path, _field, _reason in named])
    return render_template("public/correction.html", application=application, named=named, values=values,
                           masked=masked, errors=errors, backups_max=BACKUP_TRADE_NAMES_MAX,
                           refused_names=refused_trade_names(application)), status


def refused_trade_names(application) -> list[str]:
    """The trade name and backups name approval refused, shown beside a trade name to correct."""
    name = application.form.get("name") or {}
    return [name.get("trade_name", ""), *(name.get("backup_trade_names") or [])]


def corrected_values(form: dict, named: list[str]) -> tuple[dict, dict]:
    """(what to resubmit, what to show again) from the posted form: a masked field left empty keeps
    what is stored, and is shown empty again (never the stored value). A corrected trade name comes
    with the backups (备选字号) typed beside it, in order; none typed means none."""
    typed = {path: request.form.get(path, "").strip() for path in named}
    values = {path: typed[path] if typed[path] or masker(path) is None else _stored(form, path) for path in named}
    shown = {path: "" if masker(path) and typed[path] == _stored(form, path) else typed[path] for path in named}
    if TRADE_NAME in named:
        values[BACKUP_TRADE_NAMES] = shown[BACKUP_TRADE_NAMES] = backup_trade_names(request.form)
    return values, shown


def _stored(form: dict, path: str) -> str | list[str]:
    stored = value_at(form, path)
    if path == BACKUP_TRADE_NAMES:
        return list(stored or [])
    return "" if stored is None else str(stored)


def _initial_values(form: dict, named: list[str]) -> dict:
    """What the page first shows: masked fields empty; the backups empty beside a trade name to correct
    (the old ones were refused with it)."""
    values = {path: "" if masker(path) else value_at(form, path) for path in named}
    if TRADE_NAME in named:
        values[BACKUP_TRADE_NAMES] = []
    return values


@bp.route("/track/<number>/correction", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def correction(number: str):
    application = application_for_request(number, applicant_only=True)
    correction_request = open_correction(application)
    if application.status != ApplicationStatus.AWAITING_CORRECTION or correction_request is None:
        if request.method == "POST":
            abort(409)
        return redirect(clean_track_url(number))
    named = [f["field"] for f in correction_request.fields]
    if request.method == "GET":
        return _render(application, correction_request, _initial_values(application.form, named), {})
    values, shown = corrected_values(application.form, named)
    errors = resubmit(application, values)
    if errors:
        db.session.rollback()
        return _render(application, correction_request, shown, errors, 422)
    commit_and_queue(application)
    return redirect(clean_track_url(number), code=303)
