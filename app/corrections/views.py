"""/track/<number>/correction?t=token: only the fields the clerk named, pre-filled; resubmit resumes the pipeline."""

from flask import abort, redirect, render_template, request, url_for

from app.applications.access import application_for_request
from app.applications.corrections import correctable_fields, resubmit, value_at
from app.applications.review import open_correction
from app.corrections import bp
from app.extensions import db, limiter
from app.models import ApplicationStatus
from app.pipeline.runner import mark_queued
from app.pipeline.tasks import send_steps


def _render(application, correction, token: str, values: dict, errors: dict, status: int = 200):
    fields = correctable_fields()
    named = [(f["field"], fields[f["field"]], f["reason"]) for f in correction.fields if f["field"] in fields]
    return render_template("corrections/correction.html", application=application, named=named, token=token,
                           values=values, errors=errors), status


@bp.route("/track/<number>/correction", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def correction(number: str):
    application = application_for_request(number, applicant_only=True)
    token = request.args.get("t", "")
    correction_request = open_correction(application)
    if application.status != ApplicationStatus.AWAITING_CORRECTION or correction_request is None:
        if request.method == "POST":
            abort(409)
        return redirect(url_for("public.track", number=number, t=token))
    named = [f["field"] for f in correction_request.fields]
    if request.method == "GET":
        values = {path: value_at(application.form, path) for path in named}
        return _render(application, correction_request, token, values, {})
    values = {path: request.form.get(path, "") for path in named}
    errors = resubmit(application, values)
    if errors:
        db.session.rollback()
        return _render(application, correction_request, token, values, errors, 422)
    db.session.commit()
    send_steps(mark_queued(application))
    return redirect(url_for("public.track", number=number, t=token), code=303)


@bp.app_template_global()
def correction_for(application) -> list[dict] | None:
    """The open 补正 request as the tracking page lists it, or None."""
    correction_request = open_correction(application)
    if correction_request is None:
        return None
    fields = correctable_fields()
    return [{"label": str(fields[f["field"]].label) if f["field"] in fields else f["field"], "reason": f["reason"]}
            for f in correction_request.fields]
