"""The one form and the tracking page (thin: the schema and operations do the work)."""

from flask import current_app, jsonify, redirect, render_template, request, session
from werkzeug.datastructures import MultiDict

from app.applications.tokens import application_token
from app.extensions import db, limiter
from app.models import Channel
from app.pipeline import operations
from app.public import bp
from app.public.track_page import live_page, tracking_page
from app.web.access import (
    access_for_request,
    application_for_request,
    clean_track_url,
    exchange_token,
    set_track_cookie,
)
from app.web.downloads import document_download
from app.web.form_page import FormState, choices
from forms.html import form_to_payload
from forms.schema import validate_application

# Set after a successful submit so the tracking page can clear the browser's saved draft.
JUST_SUBMITTED = "just_submitted"


def submit_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT"]


def render_form(state: FormState):
    return render_template("public/form.html", form=state, choices=choices())


@bp.get("/")
def index():
    return render_form(FormState(MultiDict(), fresh=True))


@bp.post("/")
@limiter.limit(submit_limit)
def submit():
    values = request.form
    if "add_shareholder" in values:  # "add another" without JavaScript: one more empty row
        return render_form(FormState(values, extra_rows=1))
    form, errors = validate_application(form_to_payload(values))
    if errors:
        return render_form(FormState(values, errors))
    application = operations.submit(form, channel=Channel.ONLINE).application
    session[JUST_SUBMITTED] = application.number
    token = application_token(application, current_app.config["SECRET_KEY"])
    return set_track_cookie(redirect(clean_track_url(application.number), code=303), application.number, token)


@bp.get("/track/<number>")
def track(number: str):
    """The tracking page; with ?t= (the link in an SMS or the API's links.track) the token is first
    exchanged for the application's cookie and the browser sent on to the clean address."""
    if "t" in request.args:
        return exchange_token(number, request.args["t"])
    application = application_for_request(number)
    clear_draft = session.pop(JUST_SUBMITTED, None) == application.number
    return tracking_page(application, clear_draft=clear_draft)


@bp.get("/track/<number>/progress")
def track_progress(number: str):
    """The live view the tracking page polls, to the application's cookie (or a Bearer token): the
    API's view with the page's words for the steps and a version of each part of the page."""
    return jsonify(live_page(application_for_request(number)))


@bp.get("/track/<number>/documents/<kind>")
def track_document(number: str, kind: str):
    """A document, downloaded from the tracking page with the application's cookie."""
    response = document_download(access_for_request(number), kind)
    db.session.commit()  # the download's audit event
    return response
