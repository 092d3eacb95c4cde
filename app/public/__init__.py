"""The applicant's pages: the one form, the tracking page; and /healthz."""

from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("public", __name__)


def lang_url(lang: str) -> str:
    """This page in the other language (the query is kept as it came, only `lang` changes)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"] + [("lang", lang)]
    return f"{request.path}?{urlencode(args)}"


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    with current_app.extensions["celery"].connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
    return jsonify(status="ok")


from app.public import (  # noqa: E402,F401  (routes attach to bp)
    aftercare,  # noqa: E402,F401  (好差评 and 办不成事 routes)
    correction,  # noqa: E402,F401  (补正 page)
    language,
    seals,  # noqa: E402,F401  (印模确认 routes)
    views,
)
