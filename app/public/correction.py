"""/track/<number>/correction?t=token: only the fields the clerk named, pre-filled; resubmit resumes the pipeline."""

from flask import abort, redirect, render_template, request, url_for

from app.extensions import db, limiter
from app.models import ApplicationStatus
from app.pipeline.operations import commit_and_queue
from app.public import bp
from app.review.operations import resubmit
from app.review.queries import correctable_fields, open_correction, value_at
from app.web.access import application_for_request


def _render(application, correction, token: str, values: dict, errors: dict, status: int = 200):
    fields = correctable_fields()
    named = [(f["field"], fields[f["field"]], f["reason"]) for f in correction.fields if f["field"] in fields]
    return render_template("public/correction.html", application=application, named=named, token=token,
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
    commit_and_queue(application)
    return redirect(url_for("public.track", number=number, t=token), code=303)

