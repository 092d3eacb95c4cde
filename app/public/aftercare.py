"""The applicant's side after filing: report that something cannot get done (办不成事), rate the service (好差评)."""

from flask import g, redirect, request, url_for

from app.desk import operations as desk
from app.extensions import db, limiter
from app.public import bp, views
from app.timefmt import local
from app.web.access import application_for_request


@bp.app_template_global()
def aftercare_for(application) -> desk.Aftercare:
    """The reports (with answers) and the rating the tracking page shows."""
    return desk.aftercare_of(application)


@bp.app_template_filter("local_time")
def local_time(moment) -> str:
    """An aware datetime as Shanghai wall time, "2026-11-23 10:05"."""
    return local(moment)


def back_to_tracking(number: str, anchor: str):
    return redirect(url_for("public.track", number=number, t=request.args.get("t", ""), _anchor=anchor), code=303)


def tracking_page_with(error: desk.DeskError, form: str):
    """The tracking page again, the problem shown beside the form and what was typed kept."""
    g.desk_error = {"form": form, "message": error.message, "typed": request.form}
    return views.track(request.view_args["number"]), error.status


@bp.post("/track/<number>/report")
@limiter.limit("30 per hour")
def report_cannot_get_done(number: str):
    application = application_for_request(number, applicant_only=True)
    try:
        desk.report_cannot_get_done(application, request.form.get("body"))
    except desk.DeskError as error:
        db.session.rollback()
        return tracking_page_with(error, "report")
    db.session.commit()
    return back_to_tracking(number, "desk-report")


@bp.post("/track/<number>/rating")
@limiter.limit("30 per hour")
def rate(number: str):
    application = application_for_request(number, applicant_only=True)
    try:
        desk.rate(application, request.form.get("score"), request.form.get("comment"))
    except desk.DeskError as error:
        db.session.rollback()
        return tracking_page_with(error, "rating")
    db.session.commit()
    return back_to_tracking(number, "desk-rating")
