"""The one form and the tracking page (thin: the schema and operations do the work)."""

from flask import current_app, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict

from app.applications.tokens import access_token
from app.extensions import limiter
from app.models import Channel
from app.pipeline import operations
from app.public import bp
from app.public.track_page import tracking_page
from app.web.access import application_for_request
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
    token = access_token(application.number, current_app.config["SECRET_KEY"])
    return redirect(url_for("public.track", number=application.number, t=token), code=303)


@bp.get("/track/<number>")
def track(number: str):
    application = application_for_request(number)
    clear_draft = session.pop(JUST_SUBMITTED, None) == application.number
    return tracking_page(application, request.args.get("t", ""), clear_draft=clear_draft)
