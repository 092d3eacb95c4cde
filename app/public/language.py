"""The reader's language: remembered in a cookie once picked (?lang=en), and known to every template."""

from flask import Response, request
from flask_babel import get_locale

from app.public import bp

LANGUAGES = ("zh", "en")
ONE_YEAR = 365 * 24 * 3600


def current_language() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh"


@bp.after_app_request
def remember_language(response: Response) -> Response:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie("lang", asked, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.app_context_processor
def language_globals() -> dict:
    return {"get_locale": get_locale, "current_language": current_language}
