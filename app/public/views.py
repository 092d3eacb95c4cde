"""The one form and the tracking page (thin: the schema and operations do the work)."""

from flask import render_template

from app.applications.access import application_for_request
from app.public import bp


@bp.get("/")
def index():
    return render_template("public/form.html")


@bp.get("/track/<number>")
def track(number: str):
    application = application_for_request(number)
    return render_template("public/track.html", application=application)
