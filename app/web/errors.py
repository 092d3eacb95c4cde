"""Errors: JSON `{"error": ...}` under /api, a Chinese page elsewhere; never a 500 for bad input."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


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


def wants_json() -> bool:
    """JSON under /api/, and anywhere the client asks for it first (the /verify pages serve both)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
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
        if error.code == 429 and error.response is not None and error.response.headers.get("Retry-After"):
            response.headers["Retry-After"] = error.response.headers["Retry-After"]
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error")
        if wants_json():
            return jsonify(error=messages()[500]), 500
        return render_template("errors/error.html", code=500, message=messages()[500]), 500
