"""The applicant's pages: the one form, the tracking page; and /healthz."""

from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.web import errors

bp = Blueprint("public", __name__)


def lang_url(lang: str) -> str:
    """This page in the other language (the query is kept as it came, only `lang` changes)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"] + [("lang", lang)]
    return f"{request.path}?{urlencode(args)}"


@bp.get("/healthz")
def healthz():
    """200 {"status": "ok"} when the database and the queue answer; otherwise 503
    {"status": "unavailable", "database": ..., "queue": ...} with Retry-After. Each check is bounded
    (the broker's by config.py BROKER_*), so a load balancer's probe never hangs."""
    checks = {"database": database_answers(), "queue": queue_answers()}
    if all(checks.values()):
        return jsonify(status="ok")
    response = jsonify(status="unavailable", **{part: "ok" if up else "unavailable" for part, up in checks.items()})
    response.status_code = 503
    response.headers["Retry-After"] = str(errors.RETRY_AFTER_SECONDS)
    return response


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return True
    except SQLAlchemyError as error:
        current_app.logger.warning("healthz: database unavailable: %s", errors.database_failure(error))
        try:
            db.session.rollback()
        except SQLAlchemyError:  # the connection is gone; the pool discards it at the request's end
            pass
        return False


def queue_answers() -> bool:
    try:
        with current_app.extensions["celery"].connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, interval_max=0.2)
        return True
    except Exception as error:  # kombu raises its own and the transport's connection errors
        current_app.logger.warning("healthz: queue unavailable: %s", error)
        return False


from app.public import (  # noqa: E402,F401  (routes attach to bp)
    aftercare,  # noqa: E402,F401  (好差评 and 办不成事 routes)
    correction,  # noqa: E402,F401  (补正 page)
    eseal_list,  # noqa: E402,F401  (电子印章 on the tracking page)
    eseals,  # noqa: E402,F401  (电子印章 in use: stamp a PDF)
    language,
    lookup,  # noqa: E402,F401  (查进度: /track, the link again by SMS)
    seals,  # noqa: E402,F401  (印模确认 routes)
    signing_page,  # noqa: E402,F401  (/sign/<token>: a party signs from the SMS link)
    views,
)
