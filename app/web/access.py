"""Who may see an application: its applicant (by token) or a signed-in clerk."""

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import select

from app.applications.tokens import token_matches
from app.extensions import db
from app.models import Application


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer "):].strip()
    return request.args.get("t")


def is_staff() -> bool:
    return bool(getattr(current_user, "is_authenticated", False) and getattr(current_user, "is_staff", False))


def application_for_request(number: str, applicant_only: bool = False) -> Application:
    """The application if the request may see it; 401 without credentials, 404 otherwise.

    `applicant_only`: things only the applicant may do (rate, report, confirm impressions,
    correct) need the token; a clerk's session is not enough, so no one rates on their behalf.
    """
    token = presented_token()
    staff = is_staff() and not applicant_only
    if not token and not staff:
        abort(401)
    application = db.session.scalar(select(Application).where(Application.number == number))
    if application is None:
        abort(404)
    if staff or token_matches(application.number, token, current_app.config["SECRET_KEY"]):
        return application
    abort(404)
