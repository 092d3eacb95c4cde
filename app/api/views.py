"""Thin views: parse, call one operation, serialise."""

from flask import abort, current_app, jsonify, request
from flask_babel import gettext as _

from app.api import bp
from app.applications.queries import check_name
from app.applications.tokens import application_token
from app.extensions import db, limiter
from app.pipeline import operations
from app.refusal import Refusal
from app.web.access import access_for_request, application_for_request
from app.web.downloads import document_download
from app.web.serialize import application_json, created
from forms import characters
from forms.schema import NameCheckQuery, validate_application


def submit_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT"]


def name_check_limit() -> str:
    return current_app.config["RATELIMIT_NAME_CHECK"]


IDEMPOTENCY_KEY_MAX = 200  # the column's length (applications.idempotency_key)
MAX_JSON_DEPTH = 32  # API.md: JSON nested deeper than this is malformed (400)


def json_body() -> dict:
    """The request's JSON object, or the documented 415 / 400 (also for JSON nested too deep)."""
    if not request.is_json:
        abort(415)
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # nesting deep enough to exhaust the parser's stack
        abort(400)
    if payload is None or nesting_depth(payload) > MAX_JSON_DEPTH:
        abort(400)
    return payload


def nesting_depth(value) -> int:
    """How deeply objects and arrays nest in a parsed JSON value (a scalar is 0), without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        current, depth = pending.pop()
        children = current.values() if isinstance(current, dict) else current if isinstance(current, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_JSON_DEPTH:  # past the limit the answer is already known
            pending.extend((child, depth + 1) for child in children)
    return deepest


@bp.errorhandler(Refusal)
def refused(refusal: Refusal):
    """Any refused operation, as API.md writes errors: {"error": "..."} with the status; nothing is kept."""
    db.session.rollback()
    return jsonify(error=refusal.message), refusal.status


@bp.post("/applications")
@limiter.limit(submit_limit)
def submit_application():
    form, errors = validate_application(json_body())
    if errors:
        return jsonify(errors=errors), 422
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and (len(key) > IDEMPOTENCY_KEY_MAX or not characters.allowed(characters.IDEMPOTENCY_KEY, key)):
        return jsonify(errors={"Idempotency-Key": [
            _("Idempotency-Key 最长 %(n)d 个字符，且只能包含可打印字符", n=IDEMPOTENCY_KEY_MAX)]}), 422
    try:
        submitted = operations.submit(form, idempotency_key=key)
    except operations.IdempotencyConflict:
        return jsonify(error=_("该 Idempotency-Key 已用于另一份不同的申请")), 409
    application = submitted.application
    if not submitted.created and application.token_generation:
        # A clerk revoked the first token: replaying the first request must not hand out the new one.
        return jsonify(error=_("该申请的查询链接已作废并重新签发，请使用短信中的新链接")), 409
    token = application_token(application, current_app.config["SECRET_KEY"])
    return jsonify(created(application, token)), 201 if submitted.created else 200


@bp.get("/applications/<number>")
def get_application(number: str):
    return jsonify(application_json(application_for_request(number)))


@bp.get("/applications/<number>/documents/<kind>")
def get_document(number: str, kind: str):
    """The document to `Authorization: Bearer <access_token>` (or a clerk's session); never to a ?t=."""
    response = document_download(access_for_request(number), kind)
    db.session.commit()  # the download's audit event
    return response


@bp.get("/names/check")
@limiter.limit(name_check_limit)
def names_check():
    query = NameCheckQuery().load(request.args.to_dict())
    return jsonify(check_name(**query))
