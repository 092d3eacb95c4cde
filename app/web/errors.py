"""Errors: JSON `{"error": ...}` under /api, a Chinese page elsewhere; never a 500 for bad input."""

from flask import Flask, Request, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import BadRequest, HTTPException

from app.extensions import db

# The database does not answer (down, restarting, connections exhausted, locked): a 503 the client
# may retry after this many seconds; never a 500 page. Also /healthz's Retry-After.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 30


def unavailable_message() -> str:
    return _("服务暂时不可用，请稍后再试")


def database_failure(error: Exception) -> str:
    """What to log of a database failure: the driver's words, never the statement or its
    parameters (SQLAlchemy's own message carries both, and they hold applicants' data)."""
    cause = getattr(error, "orig", None) or error
    return f"{type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}"


def messages() -> dict[int, str]:
    return {
        400: _("请求格式不正确（JSON无法解析）"),
        401: _("需要登录或提供访问令牌"),
        403: _("没有权限进行此操作"),
        404: _("未找到，请核对编号或链接"),
        405: _("不支持此请求方法"),
        409: _("与当前状态冲突"),
        413: _("请求内容过大"),
        415: _("请求内容应为JSON（Content-Type: application/json）"),
        429: _("请求过于频繁，请稍后再试"),
        500: _("系统出错，已记录，请稍后再试"),
    }


class FormRequest(Request):
    """A request whose form has only named fields.

    Werkzeug files a multipart part sent without a name under the key None, and Flask-WTF's CSRF
    check then fails on it with an AttributeError: a 500 for anyone posting such a part to any
    page. A part without a name is no field of any form, so it is left out.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        for name in ("form", "files"):
            values = self.__dict__.get(name)
            if values is not None and None in values:
                self.__dict__[name] = type(values)((k, v) for k, v in values.items(multi=True) if k is not None)


def wants_json() -> bool:
    """JSON under /api/, and anywhere the client asks for it first (the /verify pages serve both)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def has_control_character(text: str) -> bool:
    """NUL and the other C0/C1 controls (tab, newline and carriage return allowed): no field, path or
    search of ours holds one, and PostgreSQL refuses NUL in text outright."""
    return any((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F for c in text)


def register(app: Flask) -> None:
    app.request_class = FormRequest

    @app.before_request
    def refuse_control_characters():
        """A control character never reaches a query: an address holding one names nothing (404);
        in a page's query or posted form it is refused (400). The API and /verify check their own
        parameters (and JSON fields) one by one and answer field errors."""
        if has_control_character(request.path):
            abort(404)
        if request.path.startswith(("/api/", "/verify/")):  # they check their own parameters
            return
        values = [*request.args.keys(), *request.args.values()]
        if request.mimetype == "application/x-www-form-urlencoded":
            values += [*request.form.keys(), *request.form.values()]
        if any(has_control_character(value) for value in values):
            abort(400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = messages().get(error.code, error.description)
        if isinstance(error, CSRFError):
            message = _("页面已过期，请刷新后重新提交")
        if wants_json():
            response = jsonify(error=message)
        else:
            response = app.make_response(
                render_template("errors/error.html", code=error.code, message=message))
        response.status_code = error.code or 500
        # RFC 9110: a 405 says which methods the resource has (`Allow`, from the router); a 429 says
        # when to come back (`Retry-After`, from the limiter).
        kept = dict(error.get_headers()) | (dict(error.response.headers) if error.response is not None else {})
        for name in ("Allow", "Retry-After"):
            if kept.get(name):
                response.headers[name] = kept[name]
        return response

    def database_unavailable(error: Exception):
        """The request's transaction failed with the database: roll it back, say 503 and when to retry."""
        app.logger.warning("database unavailable: %s", database_failure(error))
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; the pool discards it when the request ends
            app.logger.debug("rollback after a database failure failed too", exc_info=True)
        if wants_json():
            response = jsonify(error=unavailable_message())
        else:
            response = app.make_response(
                render_template("errors/error.html", code=503, message=unavailable_message()))
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for kind in DATABASE_UNAVAILABLE:
        app.register_error_handler(kind, database_unavailable)

    @app.errorhandler(DataError)
    def refused_by_the_database(error: DataError):
        """A value the database will not store (it passed our checks): the request's fault, not ours."""
        app.logger.warning("value refused by the database: %s", database_failure(error))
        db.session.rollback()
        return http_error(BadRequest())

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, SQLAlchemyError):  # never the statement and its parameters in the log
            app.logger.error("unhandled database error: %s", database_failure(error))
        else:
            app.logger.exception("unhandled error")
        if wants_json():
            return jsonify(error=messages()[500]), 500
        return render_template("errors/error.html", code=500, message=messages()[500]), 500
