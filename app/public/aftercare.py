"""The applicant's side after filing: report that something cannot get done (办不成事), rate the service (好差评).

A refused report or rating (`Refusal`, from app.desk.operations) is the public blueprint's one
refusal handler's business: nothing is kept, and the tracking page is shown again with the problem
beside the form it came from and what was typed.
"""

from flask import redirect, request

from app.desk import operations as desk
from app.extensions import db, limiter
from app.public import bp
from app.public.track_page import Problem, tracking_page
from app.refusal import Refusal
from app.web.access import application_for_request, clean_track_url

# The tracking page's form each route posts, by endpoint.
POSTED_FORM = {"public.report_cannot_get_done": "report", "public.rate": "rating"}


@bp.errorhandler(Refusal)
def refused(refusal: Refusal):
    """The tracking page again, with the refusal beside the form it came from."""
    db.session.rollback()
    application = application_for_request(request.view_args["number"], applicant_only=True)
    problem = Problem(POSTED_FORM[request.endpoint], refusal.message, request.form)
    return tracking_page(application, problem), refusal.status


def back_to_tracking(number: str, anchor: str):
    """After a POST, the clean tracking address (the cookie opens it again)."""
    return redirect(clean_track_url(number, anchor), code=303)


@bp.post("/track/<number>/report")
@limiter.limit("30 per hour")
def report_cannot_get_done(number: str):
    application = application_for_request(number, applicant_only=True)
    desk.report_cannot_get_done(application, request.form.get("body"))
    db.session.commit()
    return back_to_tracking(number, "desk-report")


@bp.post("/track/<number>/rating")
@limiter.limit("30 per hour")
def rate(number: str):
    application = application_for_request(number, applicant_only=True)
    desk.rate(application, request.form.get("score"), request.form.get("comment"))
    db.session.commit()
    return back_to_tracking(number, "desk-rating")
