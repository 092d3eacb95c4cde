"""The applicant's pages: the one form, the tracking page; and /healthz."""

from flask import Blueprint, current_app, jsonify, request, url_for
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("public", __name__)


def lang_url(lang: str) -> str:
    args = request.args.to_dict() | {"lang": lang}
    return url_for(request.endpoint or "public.index", **(request.view_args or {}), **args)


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    with current_app.extensions["celery"].connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
    return jsonify(status="ok")


from app.public import (  # noqa: E402,F401  (routes attach to bp)
    aftercare,  # noqa: E402,F401  (好差评 and 办不成事 routes)
    language,
    seals,  # noqa: E402,F401  (印模确认 routes)
    views,
)
