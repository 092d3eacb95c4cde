"""POST /api/v1/applications/<number>/resend-link {"phone"}: the way back again, by SMS (API.md).

Always 202 with the same body after the same time, whether the number exists and whose phone it is
(no oracle). The contact phone gets the tracking link; a party who has not signed yet gets a fresh
signing link (the one texted before stops opening) while the application waits for signatures; a
phone that is both gets both. Rate-limited per address and per number, together with the /track form.
"""

from apispec import APISpec
from flask import current_app, jsonify

from app.api import bp
from app.api.views import json_body
from app.applications.tokens import tracking_link
from app.extensions import db, limiter
from app.messages import resend
from app.messages.operations import send_tracking_link
from app.signing.lifecycle import resend_signing_link

PATH = "/api/v1/applications/{number}/resend-link"


@bp.post("/applications/<number>/resend-link")
@limiter.shared_limit(resend.per_address_limit, scope="resend-link")
@limiter.shared_limit(resend.per_number_limit, scope="resend-link-number", key_func=resend.number_key)
def resend_link(number: str):
    values, errors = resend.parse(json_body(), resend.ResendLinkSchema())
    if errors or not resend.valid_number(number):
        return jsonify(errors=errors or {"number": [resend.bad_number_message()]}), 422
    secret = current_app.config["SECRET_KEY"]
    with resend.answered_no_sooner_than():
        send_tracking_link(number, values["phone"], lambda application: tracking_link(application, secret))
        resend_signing_link(number, values["phone"])
        db.session.commit()
    return jsonify(message=resend.accepted_message()), 202


def add_resend_path(spec: APISpec) -> None:
    """This route in /api/v1/openapi.json."""
    error = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
    field_errors = {"type": "object", "required": ["errors"], "properties": {"errors": {
        "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}

    def answer(description: str, schema: dict, headers: dict | None = None) -> dict:
        return {"description": description, "content": {"application/json": {"schema": schema}}} | (
            {"headers": headers} if headers else {})

    spec.path(path=PATH, operations={"post": {
        "summary": "Send the tracking link (contact phone) or the signing link (a party) again by SMS",
        "description": "202 whether or not the number exists and the phone matches (no oracle). The contact "
                       "phone is sent the tracking link; while the application is awaiting_signatures, a party "
                       "who has not signed is sent a fresh signing link <PUBLIC_BASE_URL>/sign/<token> (the "
                       "earlier link stops working; the deadline stays). Rate-limited per address and per number.",
        "parameters": [{"name": "number", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": resend.NUMBER_PATTERN}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["phone"], "additionalProperties": False,
            "properties": {"phone": {"type": "string", "pattern": resend.PHONE_PATTERN,
                                     "description": "the contact phone given on the application, "
                                                    "or the phone of a party who signs"}}}}}},
        "responses": {
            "202": answer("Accepted; the same answer whatever the number and phone",
                          {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}),
            "400": answer("Malformed JSON", error),
            "413": answer("Body too large", error),
            "415": answer("Not JSON (Content-Type: application/json)", error),
            "422": answer("Not a phone number, or not an application number", field_errors),
            "429": answer("Too many requests; Retry-After says when to try again", error,
                          {"Retry-After": {"description": "seconds until the limit lets a request through",
                                           "schema": {"type": "integer"}}}),
        },
    }})

