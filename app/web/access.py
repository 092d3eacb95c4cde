"""Who may see an application: its applicant (by token) or a signed-in clerk.

The applicant's token never travels in an address (it would land in access logs, Referer
headers and browser history). It comes in one of two places:

- `Authorization: Bearer <token>`, for API clients;
- a cookie for that one application, scoped to `/track/<number>`, which `GET /track/<number>?t=…`
  sets once in exchange for the token in the link (`exchange_token`) before redirecting to the
  clean address. That exchange is the only place a `?t=` is read.

The cookie is HttpOnly (no script reads it), Secure where the session cookie is (production) and
SameSite=Lax, not Strict: the link is opened from an SMS app, a cross-site top-level navigation.
With Strict the browser would not send the cookie on the redirect that follows the exchange, nor
when the applicant later taps the clean /track/<number> address in a status SMS, and the page
would refuse them; Lax sends it on top-level GETs only, and every POST it could carry from
another site also needs the page's CSRF token.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import Response, abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.applications.tokens import token_matches
from app.audit.operations import Actor
from app.extensions import db
from app.models import Application

TRACK_COOKIE_PREFIX = "kaiban_track_"


@dataclass(frozen=True)
class Access:
    """An application the request may see, and who is looking: "applicant" or the staff `User`."""

    application: Application
    actor: Actor


def track_cookie_name(number: str) -> str:
    """One cookie per application: its name carries the number, so two never overwrite each other."""
    return TRACK_COOKIE_PREFIX + number


def track_path(number: str) -> str:
    return f"/track/{number}"


def presented_token() -> str | None:
    """The credential in `Authorization: Bearer …`; the only place a key or token is read from an API request."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def applicant_token(number: str) -> str | None:
    """The header's token, else the application's own cookie (sent only under /track/<number>)."""
    token = presented_token()
    if token is None and (request.path == track_path(number) or request.path.startswith(track_path(number) + "/")):
        token = request.cookies.get(track_cookie_name(number)) or None
    return token


def is_staff() -> bool:
    return bool(getattr(current_user, "is_authenticated", False) and getattr(current_user, "is_staff", False))


def find_application(number: str) -> Application | None:
    return db.session.scalar(select(Application).where(Application.number == number))


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def access_for_request(number: str, applicant_only: bool = False) -> Access:
    """The application and who asks, if the request may see it; 401 without credentials, 404 otherwise.

    `applicant_only`: things only the applicant may do (rate, report, confirm impressions,
    correct) need the applicant's token; a clerk's session is not enough, so no one acts as them.
    """
    token = applicant_token(number)
    staff = is_staff() and not applicant_only
    if not token and not staff:
        abort(401)
    application = find_application(number)
    if application is None:
        abort(404)
    if token_matches(application, token, _secret()):
        return Access(application, "applicant")
    if staff:
        return Access(application, current_user._get_current_object())
    abort(404)


def application_for_request(number: str, applicant_only: bool = False) -> Application:
    return access_for_request(number, applicant_only).application


def clean_track_url(number: str, anchor: str | None = None) -> str:
    """The tracking page's address, with nothing of the request's query (a language asked for is in its cookie)."""
    return url_for("public.track", number=number, _anchor=anchor)


def set_track_cookie(response: Response, number: str, token: str) -> Response:
    response.set_cookie(
        track_cookie_name(number), token, max_age=timedelta(days=current_app.config.get("TRACK_COOKIE_DAYS", 90)),
        path=track_path(number), secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")), httponly=True,
        samesite="Lax")
    return response


def exchange_token(number: str, token: str) -> Response:
    """GET /track/<number>?t=…: a right token becomes the application's cookie and a 303 to the clean
    address; a wrong one is the same 404 as an unknown number, and sets nothing."""
    application = find_application(number)
    if application is None or not token_matches(application, token, _secret()):
        abort(404)
    return set_track_cookie(redirect(clean_track_url(number), code=303), number, token)
