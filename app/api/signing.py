"""/api/v1/signing/<token>: a party reads what they sign, proves who they are, signs or declines (API.md, Signing).

Thin views over app.signing. A refusal that counted a failure (a wrong ID number or code) is
committed before it is answered, so the lock after SIGNING_MAX_FAILURES holds; the last signature
is committed and the pipeline queued in one call (`commit_and_queue`).

With SIGNING_LIVENESS on, a passed identity check answers the provider's liveness page instead of
sending the code (`{"liveness_url", "liveness"}`); the app sends the party there and then posts
the handle to /liveness, which asks the provider for the result and sends the code.
"""

from apispec import APISpec
from flask import Response, abort, jsonify, url_for

from app.api import bp
from app.api.views import json_body
from app.extensions import db
from app.messages.resend import parse
from app.models import Application
from app.pipeline.operations import commit_and_queue
from app.signing import operations
from app.signing.attempts import limit_signing
from app.signing.delivery import commit_and_deliver
from app.signing.documents import FILING_KINDS
from app.signing.liveness import HANDLE_MAX, LivenessSchema
from app.signing.queries import TOKEN_SHAPE, filing_document, filing_kinds, signature_for_token
from app.signing.schemas import CODE_PATTERN, ID_NUMBER_MAX, VERIFICATION_MAX, DecideSchema, VerifySchema
from app.timefmt import iso

PATH = "/api/v1/signing/{token}"


def _signature(token: str):
    signature = signature_for_token(token)
    if signature is None:
        abort(404)
    return signature


def _refused(refusal: operations.SigningRefused):
    db.session.commit()  # a failure it counted (and any lock) must outlive this answer
    response = jsonify(error=refusal.message)
    if refusal.retry_after is not None:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response, refusal.status


@bp.get("/signing/<token>")
def signing_view(token: str):
    signature = _signature(token)
    application = db.session.get(Application, signature.application_id)
    return jsonify({
        "number": application.number, "company_name": application.company_name,
        "party": {"name": signature.name, "roles": list(signature.roles)},
        "status": signature.status, "signed_at": iso(signature.signed_at),
        "application_status": application.status, "expires_at": iso(signature.expires_at),
        "documents": [{"kind": kind, "url": url_for("api.signing_document", token=token, kind=kind)}
                      for kind in filing_kinds(application.id)],
    })


@bp.get("/signing/<token>/documents/<kind>")
def signing_document(token: str, kind: str):
    """The 申请书 or 章程 as it stands, with the signatures made so far, to the link's token."""
    document = filing_document(_signature(token).application_id, kind)
    if document is None:
        abort(404)
    return Response(document.content, mimetype=document.content_type, headers={
        "Content-Disposition": f'inline; filename="{kind}.pdf"', "Cache-Control": "private, no-store"})


@bp.post("/signing/<token>/verify")
@limit_signing
def signing_verify(token: str):
    signature = _signature(token)  # an unknown or expired link is 404 whatever the body (API.md)
    values, errors = parse(json_body(), VerifySchema())
    if errors:
        return jsonify(errors=errors), 422
    try:
        verified = operations.verify_party(signature, values["id_number"])
    except operations.SigningRefused as refusal:
        return _refused(refusal)
    if isinstance(verified, operations.LivenessNeeded):  # SIGNING_LIVENESS: the provider's page first
        db.session.commit()
        return jsonify(liveness_url=verified.url, liveness=verified.handle)
    commit_and_deliver([verified.message_key])  # the code's SMS on the phone before the answer says it was sent
    return jsonify(verification=verified.verification, sms_sent_to=verified.sms_sent_to)


@bp.post("/signing/<token>/liveness")
@limit_signing
def signing_liveness(token: str):
    """After the provider's liveness page: the result is asked of the provider; passed → the code is sent."""
    signature = _signature(token)
    values, errors = parse(json_body(), LivenessSchema())
    if errors:
        return jsonify(errors=errors), 422
    try:
        verified = operations.confirm_liveness(signature, values["liveness"])
    except operations.SigningRefused as refusal:
        return _refused(refusal)
    commit_and_deliver([verified.message_key])
    return jsonify(verification=verified.verification, sms_sent_to=verified.sms_sent_to)


@bp.post("/signing/<token>/sign")
@limit_signing
def signing_sign(token: str):
    signature = _signature(token)  # an unknown or expired link is 404 whatever the body (API.md)
    values, errors = parse(json_body(), DecideSchema())
    if errors:
        return jsonify(errors=errors), 422
    try:
        decided = operations.decide(signature, values["verification"], values["sms_code"], values["decision"],
                                    values["reason"])
    except operations.SigningRefused as refusal:
        return _refused(refusal)
    application = db.session.get(Application, signature.application_id)
    if decided.accepted:
        commit_and_queue(application)  # the last signature (受理): commit, then queue the pipeline
    else:
        db.session.commit()
    return jsonify(status=decided.status, signed_at=iso(decided.signed_at), application_status=application.status)


def add_signing_paths(spec: APISpec, json_response, refusals) -> None:
    """These routes in /api/v1/openapi.json (the helpers are openapi.py's)."""
    string, time = {"type": "string"}, {"type": "string", "format": "date-time", "nullable": True}
    token = {"name": "token", "in": "path", "required": True, "description": "the one-time token of the SMS link",
             "schema": {"type": "string", "pattern": "^" + TOKEN_SHAPE.pattern + "$"}}
    kind = {"name": "kind", "in": "path", "required": True, "schema": {"type": "string", "enum": list(FILING_KINDS)}}
    roles = {"type": "array", "items": {"type": "string", "enum": ["legal_representative", "shareholder"]}}
    status = {"type": "string", "enum": ["pending", "signed", "declined"]}
    field_errors = {"type": "object", "required": ["errors"], "properties": {"errors": {
        "type": "object", "additionalProperties": {"type": "array", "items": string}}}}

    def body(schema: dict) -> dict:
        return {"required": True, "content": {"application/json": {"schema": schema | {
            "type": "object", "additionalProperties": False}}}}

    def refused(schema_422: str) -> dict:
        return {"422": {"description": schema_422, "content": {"application/json": {"schema": {
            "oneOf": [field_errors, {"type": "object", "required": ["error"], "properties": {"error": string}}]}}}}}

    spec.path(path=PATH, operations={"get": {
        "summary": "What a party signs (the SMS link's JSON): the application, the party, the documents",
        "parameters": [token],
        "responses": {"200": json_response("The party and the documents", {
            "type": "object", "required": ["number", "company_name", "party", "status", "documents"], "properties": {
                "number": string, "company_name": string, "status": status, "signed_at": time,
                "application_status": string, "expires_at": time,
                "party": {"type": "object", "required": ["name", "roles"], "properties": {"name": string, "roles": roles}},
                "documents": {"type": "array", "items": {"type": "object", "required": ["kind", "url"], "properties": {
                    "kind": {"type": "string", "enum": list(FILING_KINDS)}, "url": string}}}}})}
        | refusals(404, d404="Unknown or expired token")}})
    spec.path(path=PATH + "/documents/{kind}", operations={"get": {
        "summary": "The 申请书 or 章程 as it stands, with the signatures made so far",
        "parameters": [token, kind],
        "responses": {"200": {"description": "The PDF", "content": {"application/pdf": {"schema": {
            "type": "string", "format": "binary"}}}}}
        | refusals(404, d404="Unknown or expired token, or no such document")}})
    spec.path(path=PATH + "/verify", operations={"post": {
        "summary": "The party's ID number; the identity provider checks name + ID number + phone (实名核验), "
                   "then a 6-digit code is sent to that phone",
        "parameters": [token],
        "requestBody": body({"required": ["id_number"], "properties": {
            "id_number": {"type": "string", "minLength": 1, "maxLength": ID_NUMBER_MAX}}}),
        "description": "With the centre's liveness check on (SIGNING_LIVENESS), no code yet: the answer is "
                       "`{liveness_url, liveness}`; send the party to `liveness_url` (the identity provider's "
                       "活体检测 page), then post `liveness` to `.../liveness`, which sends the code.",
        "responses": {"200": json_response("The code is on its way (or, with liveness on, the liveness page)", {
            "oneOf": [{"type": "object", "required": ["verification", "sms_sent_to"],
                       "properties": {"verification": string, "sms_sent_to": string}},
                      {"type": "object", "required": ["liveness_url", "liveness"],
                       "properties": {"liveness_url": string, "liveness": string}}]})}
        | refused("Not the party's ID number, or the identity check refused it (or a malformed body)")
        | refusals(400, 404, 409, 413, 415, 429, 503, d404="Unknown or expired token",
                   d409="This party has already answered, or the application no longer waits for signatures",
                   d429="Too many wrong tries: the link is locked for a while; Retry-After says how long",
                   d503="The identity provider does not answer; Retry-After says when to try again")}})
    spec.path(path=PATH + "/liveness", operations={"post": {
        "summary": "After the liveness page (only with SIGNING_LIVENESS): the provider is asked for the result; "
                   "passed → the 6-digit code is sent, as by /verify without liveness",
        "parameters": [token],
        "requestBody": body({"required": ["liveness"], "properties": {
            "liveness": {"type": "string", "minLength": 1, "maxLength": HANDLE_MAX}}}),
        "responses": {"200": json_response("Passed: the code is on its way", {
            "type": "object", "required": ["verification", "sms_sent_to"],
            "properties": {"verification": string, "sms_sent_to": string}})}
        | refused("The liveness check failed (counted as a wrong try), or the handle is unknown, stale or run out")
        | refusals(400, 404, 409, 413, 415, 429, 503, d404="Unknown or expired token",
                   d409="The liveness check is not finished yet, the code was already sent for it, "
                        "or this party has already answered",
                   d429="Too many wrong tries: the link is locked for a while; Retry-After says how long",
                   d503="The identity provider does not answer; Retry-After says when to try again")}})
    spec.path(path=PATH + "/sign", operations={"post": {
        "summary": "With the SMS code: sign (PAdES signature on the 申请书 and 章程) or decline (withdraws it)",
        "parameters": [token],
        "requestBody": body({"required": ["verification", "sms_code", "decision"], "properties": {
            "verification": {"type": "string", "minLength": 1, "maxLength": VERIFICATION_MAX},
            "sms_code": {"type": "string", "pattern": CODE_PATTERN},
            "decision": {"type": "string", "enum": list(operations.DECISIONS)},
            "reason": {"type": "string", "maxLength": operations.REASON_MAX}}}),
        "responses": {"200": json_response("Signed or declined", {
            "type": "object", "required": ["status", "signed_at"],
            "properties": {"status": {"type": "string", "enum": ["signed", "declined"]}, "signed_at": time,
                           "application_status": string}})}
        | refused("Wrong or expired code (or a malformed body)")
        | refusals(400, 404, 409, 413, 415, 429, 503, d404="Unknown or expired token",
                   d409="The same token again: this party has already signed or declined",
                   d429="Too many wrong tries: the link is locked for a while; Retry-After says how long")}})
