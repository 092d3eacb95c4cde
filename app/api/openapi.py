"""/api/v1/openapi.json: the public interface as OpenAPI 3, request schema taken from the one form."""

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify

from app.api import bp
from forms.schema import ApplicationSchema

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}
FIELD_ERRORS = {"type": "object", "properties": {"errors": {
    "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}


def json_response(description: str, schema: dict | str) -> dict:
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error(description: str) -> dict:
    return json_response(description, ERROR)


def build_spec() -> dict:
    spec = APISpec(title="Kaiban 210", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "企业开办210 public interface; see shared/API.md."})
    spec.components.schema("Application", schema=ApplicationSchema)
    spec.components.security_scheme("applicant", {"type": "http", "scheme": "bearer",
                                                  "description": "access_token of the application"})
    spec.components.security_scheme("seal_shop", {"type": "http", "scheme": "bearer",
                                                  "description": "key from `flask seal-shops add`"})
    spec.path(path="/api/v1/applications", operations={"post": {
        "summary": "Submit an application (一表申请)",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": "Application"}}},
        "responses": {
            "201": json_response("Created", {"type": "object", "required": ["number", "access_token", "status", "due_at", "links"]}),
            "200": json_response("The same Idempotency-Key and body: the application created before", {"type": "object"}),
            "400": error("Malformed JSON"), "409": error("Idempotency-Key reused with another body"),
            "413": error("Body too large"), "415": error("Not JSON"),
            "422": json_response("Every problem at once, by field path", FIELD_ERRORS),
            "429": error("Too many requests"),
        }}})
    spec.path(path="/api/v1/applications/{number}", operations={"get": {
        "summary": "Follow an application", "security": [{"applicant": []}],
        "parameters": [{"name": "number", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": json_response("The application", {"type": "object"}),
                      "401": error("No credentials"), "404": error("Unknown number, or not yours")}}})
    spec.path(path="/api/v1/applications/{number}/documents/{kind}", operations={"get": {
        "summary": "Download a document", "security": [{"applicant": []}],
        "parameters": [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                       for n in ("number", "kind")],
        "responses": {"200": {"description": "application/pdf (the bundle: application/zip)"},
                      "404": error("No such document")}}})
    spec.path(path="/api/v1/names/check", operations={"get": {
        "summary": "Check an enterprise name",
        "parameters": [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
                       for n in ("region", "trade_name", "industry", "org_form", "entity_type")],
        "responses": {"200": json_response("available, full_name, problems", {"type": "object"}),
                      "429": error("Too many requests")}}})
    spec.path(path="/api/v1/seal-vouchers/{code}/redeem", operations={"post": {
        "summary": "Redeem a free-seal voucher (seal shops)", "security": [{"seal_shop": []}],
        "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": json_response("The seals to carve", {"type": "object"}),
                      "401": error("Missing or wrong shop key"), "404": error("Unknown voucher"),
                      "409": error("Already redeemed")}}})
    spec.path(path="/verify/{uscc}", operations={"get": {
        "summary": "Verify a licence (public)",
        "parameters": [{"name": "uscc", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": json_response("uscc, name, status, registered_at, authority", {"type": "object"}),
                      "404": error("Unknown credit code")}}})
    spec.path(path="/healthz", operations={"get": {"summary": "Health", "responses": {
        "200": json_response("ok", {"type": "object", "properties": {"status": {"type": "string"}}})}}})
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec())
