"""/api/v1/openapi.json: the public interface as OpenAPI 3, request schema taken from the one form.

Every constraint the server enforces is in it (forms.schema's fields through apispec, the
cross-field rules from forms.json_schema), every answer is declared with its content type, and only
the methods a path answers are listed: any other method is a 405 with `Allow` (app.web.errors).
"""

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify

from app.api import bp
from app.api.application_answer import APPLICATION_ANSWER
from app.api.resend import add_resend_path
from app.api.signing import add_signing_paths
from app.api.views import IDEMPOTENCY_KEY_MAX
from forms import characters
from forms.choices import SEAL_KINDS
from forms.json_schema import BEYOND_JSON_SCHEMA, add_form_rules
from forms.schema import ApplicationSchema

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
FIELD_ERRORS = {"type": "object", "required": ["errors"], "properties": {"errors": {
    "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}
STRING = {"type": "string"}
BINARY = {"type": "string", "format": "binary"}
HTML = {"text/html": {"schema": STRING}}
NULLABLE_TIME = {"type": "string", "format": "date-time", "nullable": True}
REDEMPTION = {"type": "object", "required": ["code", "company_name", "uscc", "seals", "redeemed_at", "valid_until"],
              "properties": {
                  "code": STRING, "company_name": STRING, "uscc": STRING,
                  "seals": {"type": "array", "items": {"type": "object", "properties": {
                      "kind": {"type": "string", "enum": list(SEAL_KINDS)},
                      "code": STRING, "free": {"type": "boolean"}, "impression_pdf_url": STRING}}},
                  "redeemed_at": NULLABLE_TIME, "impressions_confirmed_at": NULLABLE_TIME,
                  "valid_until": {"type": "string", "format": "date"}}}
CARVED = {"type": "object", "required": ["code", "carved_at"],
          "properties": {"code": STRING, "carved_at": {"type": "string", "format": "date-time"}}}
LICENCE_FACTS = {"type": "object", "required": ["uscc", "name", "status", "registered_at", "authority"],
                 "properties": {
                     "uscc": STRING, "name": STRING, "status": {"type": "string", "enum": ["valid", "revoked"]},
                     "registered_at": {"type": "string", "format": "date-time"}, "authority": STRING,
                     "entity_type": STRING, "revoked_at": NULLABLE_TIME,
                     "revoked_reason": {"type": "string", "nullable": True},
                     "qr_signature": {"type": "string", "enum": ["absent", "valid", "invalid"],
                                      "description": "the `s` query parameter checked: absent, valid or invalid"},
                     "signed": {"type": "object", "nullable": True, "description": "every party signed (实名签署); "
                                "null for a company filed before the parties signed",
                                "properties": {"parties": {"type": "integer"}, "completed_at": NULLABLE_TIME}},
                     "registry_status": {"type": "string", "enum": ["active", "revoked"],
                                         "description": "登记状态: 存续 (active) or 吊销，未注销 (revoked)"},
                     "legal_representative": STRING,
                     "registered_capital_yuan": {"type": "integer", "nullable": True},
                     "address": STRING, "business_scope": {"type": "array", "items": STRING}}}
LICENCE_CHECK = {"type": "object", "required": ["intact", "valid", "signer", "signed_at", "coverage", "demo"],
                 "properties": {
                     "intact": {"type": "boolean", "description": "not changed since it was signed"},
                     "valid": {"type": "boolean", "description": "intact and signed by our registration authority"},
                     "signer": {"type": "string", "nullable": True}, "signed_at": NULLABLE_TIME,
                     "coverage": {"type": "string", "nullable": True},
                     "demo": {"type": "boolean", "description": "signed with the demonstration key"},
                     "problem": {"type": "string", "enum": ["empty", "not_pdf", "too_many_signatures"], "nullable": True,
                                 "description": "why the file could not be checked at all"},
                     "message": {"type": "string", "nullable": True, "description": "what to upload instead"},
                     "company": {"type": "object", "nullable": True,
                                 "description": "a valid licence of ours: the company it names, as registered now",
                                 "properties": {"uscc": STRING, "name": STRING, "status": STRING,
                                                "registry_status": STRING, "revoked_at": NULLABLE_TIME}},
                     "eseals": {"type": "array", "description": "the file's electronic-seal (电子印章) signatures",
                                "items": {"type": "object", "properties": {
                                    "serial": {"type": "string", "description": "the seal certificate's serial, hex"},
                                    "seal": {"type": "string", "nullable": True,
                                             "description": "the seal's kind; null: no seal of ours made it"},
                                    "company": {"type": "object", "nullable": True,
                                                "properties": {"uscc": STRING, "name": STRING}},
                                    "signed_at": NULLABLE_TIME, "intact": {"type": "boolean"},
                                    "state": {"type": "string",
                                              "enum": ["valid", "invalid", "revoked", "not_in_force"]}}}}}}
NAME_CHECK = {"type": "object", "required": ["available", "full_name", "problems", "suggestions"], "properties": {
    "available": {"type": "boolean", "description": "false only when a problem's level is refuse"},
    "full_name": STRING,
    "problems": {"type": "array", "items": {
        "type": "object", "required": ["code", "message", "level", "conflicts_with"],
        "properties": {"code": STRING, "message": STRING, "level": {"type": "string", "enum": ["refuse", "warn"]},
                       "conflicts_with": {"type": "string", "nullable": True,
                                          "description": "the other enterprise's full name (taken, similar_name)"}}}},
    "suggestions": {"type": "array", "items": STRING, "description": "available variants when not available"}}}
CREATED = {"type": "object", "required": ["number", "access_token", "status", "due_at", "links"], "properties": {
    "number": STRING, "access_token": STRING, "status": STRING, "due_at": NULLABLE_TIME,
    "links": {"type": "object", "required": ["self", "track"], "properties": {"self": STRING, "track": STRING}}}}

# What each refusal means where it is declared; every one is a JSON {"error": ...} (422: {"errors": ...}).
REFUSALS = {
    400: "Malformed JSON (also JSON nested deeper than 32 levels)",
    401: "No credentials, or not the right ones",
    403: "Another seal shop redeemed the voucher",
    404: "Not found",
    409: "In conflict with the current state",
    410: "The voucher has expired",
    413: "Body too large",
    415: "Not JSON (Content-Type: application/json)",
    429: "Too many requests; Retry-After says when to try again",
    503: "The database does not answer; Retry-After says when to try again (nothing was kept)",
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before trying again",
                               "schema": {"type": "integer"}}}


def json_response(description: str, schema: dict | str, html: bool = False) -> dict:
    """An answer in JSON (and, on the /verify pages, in HTML unless Accept asks for JSON first)."""
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": schema}} | (HTML if html else {})}


def refusals(*codes: int, html: bool = False, **descriptions: str) -> dict:
    """The declared error answers, each with its JSON body; `descriptions` (e.g. d404=...) say more."""
    declared = {}
    for code in codes:
        declared[str(code)] = json_response(descriptions.get(f"d{code}", REFUSALS[code]), ERROR, html)
        if code in (429, 503):
            declared[str(code)]["headers"] = RETRY_AFTER
    return declared


def path_parameters(*names: str) -> list[dict]:
    return [{"name": name, "in": "path", "required": True, "schema": STRING} for name in names]


def add_application_paths(spec: APISpec) -> None:
    idempotency_key = {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX, "pattern": characters.IDEMPOTENCY_KEY}
    spec.path(path="/api/v1/applications", operations={"post": {
        "summary": "Submit an application (一表申请)",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": idempotency_key,
                        "description": "the same key and body give back the application made before (200)"}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": "Application"}}},
        "responses": {
            "201": json_response("Created", CREATED),
            "200": json_response("The same Idempotency-Key and body: the application created before", CREATED),
            "422": json_response("Every problem at once, by field path. " + BEYOND_JSON_SCHEMA, FIELD_ERRORS),
        } | refusals(400, 409, 413, 415, 429, 503, d409="Idempotency-Key reused with another body")}})
    spec.path(path="/api/v1/applications/{number}", operations={"get": {
        "summary": "Follow an application", "security": [{"applicant": []}],
        "parameters": path_parameters("number"),
        "responses": {"200": json_response("The application", "ApplicationAnswer")}
        | refusals(401, 404, d404="Unknown number, or not yours")}})
    spec.path(path="/api/v1/applications/{number}/documents/{kind}", operations={"get": {
        "summary": "Download a document", "security": [{"applicant": []}],
        "parameters": path_parameters("number", "kind"),
        "responses": {"200": {"description": "The document (the bundle: a zip)",
                              "content": {"application/pdf": {"schema": BINARY}, "application/zip": {"schema": BINARY}}}}
        | refusals(401, 404, d404="No such application or document, or not yours")}})
    spec.path(path="/api/v1/names/check", operations={"get": {
        "summary": "Check an enterprise name",
        "parameters": [{"name": n, "in": "query", "required": False, "schema": STRING}
                       for n in ("region", "trade_name", "industry", "org_form", "entity_type")],
        "responses": {"200": json_response("available, full_name, problems (refuse or warn), suggestions", NAME_CHECK)}
        | refusals(429)}})


def add_seal_voucher_paths(spec: APISpec) -> None:
    shop = [{"seal_shop": []}]
    spec.path(path="/api/v1/seal-vouchers/{code}/redeem", operations={"post": {
        "summary": "Redeem a free-seal voucher (seal shops)", "security": shop,
        "parameters": path_parameters("code"),
        "responses": {"200": json_response("The seals to carve", "SealVoucherRedemption")}
        | refusals(401, 404, 409, 410, 429, d401="Missing or wrong shop key", d404="Unknown voucher",
                   d409="Already redeemed")}})
    spec.path(path="/api/v1/seal-vouchers/{code}/carved", operations={"post": {
        "summary": "Report the seals carved (the redeeming shop); repeating it keeps the first time",
        "security": shop, "parameters": path_parameters("code"),
        "responses": {"200": json_response("When the seals were carved", "SealsCarved")}
        | refusals(401, 403, 404, 409, 429, d401="Missing or wrong shop key", d404="Unknown voucher",
                   d409="Not redeemed yet, or the applicant has not confirmed the impressions")}})
    spec.path(path="/api/v1/seal-vouchers/{code}/impressions/{kind}.pdf", operations={"get": {
        "summary": "The impression to carve (印模), for the shop that redeemed the voucher",
        "security": shop, "parameters": path_parameters("code", "kind"),
        "responses": {"200": {"description": "The impression drawn to specification",
                              "content": {"application/pdf": {"schema": BINARY}}}}
        | refusals(401, 403, 404, 429, d401="Missing or wrong shop key",
                   d404="Unknown voucher, or no seal of that kind on it")}})


def add_public_paths(spec: APISpec) -> None:
    spec.path(path="/api/v1/openapi.json", operations={"get": {
        "summary": "This description", "responses": {"200": json_response("OpenAPI 3", {"type": "object"})}}})
    spec.path(path="/verify/", operations={"get": {
        "summary": "The verification page with the upload box (HTML, public)",
        "responses": {"200": {"description": "HTML page", "content": HTML}}}})
    spec.path(path="/verify/{uscc}", operations={"get": {
        "summary": "Verify a licence (public); HTML unless Accept: application/json",
        "parameters": [{"name": "uscc", "in": "path", "required": True, "description": "统一社会信用代码",
                        "schema": {"type": "string", "minLength": 18, "maxLength": 18}},
                       {"name": "s", "in": "query", "required": False, "schema": STRING,
                                                  "description": "the signature the licence's QR code carries"}],
        "responses": {"200": json_response("The register's facts about the licence", "LicenceFacts", html=True)}
        | refusals(404, html=True, d404="Unknown credit code")}})
    spec.path(path="/verify/upload", operations={"post": {
        "summary": "Check an electronic licence PDF's signature (public); HTML unless Accept: application/json",
        "description": "The upload box of /verify/: a form post, so it carries the CSRF token of that page's "
                       "session: the `session` cookie GET /verify/ sets, and the page's csrf_token in the "
                       "X-CSRFToken header (the page's own form posts it as the csrf_token field instead).",
        "parameters": [{"name": "X-CSRFToken", "in": "header", "required": True, "schema": STRING},
                       {"name": "session", "in": "cookie", "required": True, "schema": STRING}],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["licence"], "properties": {"licence": BINARY}}}}},
        "responses": {"200": json_response("What the signature check found; the file is not kept", "LicenceCheck",
                                           html=True)}
        | refusals(400, 413, 429, html=True, d400="No file chosen, or the CSRF token is missing or expired",
                   d413="File too large")}})
    spec.path(path="/verify/eseals.crl", operations={"get": {
        "summary": "The seal CA's certificate revocation list (public): every revoked electronic seal",
        "description": "Each electronic seal's certificate names this address (CRL distribution points), so "
                       "any validator sees a revocation. DER, signed by the seal CA, valid for a day.",
        "responses": {"200": {"description": "X.509 CRL", "content": {"application/pkix-crl": {"schema": BINARY}}}}}})
    health = {"type": "object", "required": ["status"], "properties": {
        "status": {"type": "string", "enum": ["ok", "unavailable"]},
        "database": {"type": "string", "enum": ["ok", "unavailable"]},
        "queue": {"type": "string", "enum": ["ok", "unavailable"]}}}
    spec.path(path="/healthz", operations={"get": {"summary": "Health", "responses": {
        "200": json_response("ok: the database and the queue answer", health),
        "503": json_response("The database or the queue does not answer", health) | {"headers": RETRY_AFTER}}}})


def build_spec() -> dict:
    spec = APISpec(title="Kaiban 210", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "企业开办210 public interface; see shared/API.md."})
    spec.components.schema("Application", schema=ApplicationSchema)
    for name, schema in (("ApplicationAnswer", APPLICATION_ANSWER),
                         ("SealVoucherRedemption", REDEMPTION), ("SealsCarved", CARVED),
                         ("LicenceFacts", LICENCE_FACTS), ("LicenceCheck", LICENCE_CHECK)):
        spec.components.schema(name, schema)
    spec.components.security_scheme("applicant", {"type": "http", "scheme": "bearer",
                                                  "description": "access_token of the application"})
    spec.components.security_scheme("seal_shop", {"type": "http", "scheme": "bearer",
                                                  "description": "key from `flask seal-shops add`"})
    add_application_paths(spec)
    add_seal_voucher_paths(spec)
    add_public_paths(spec)
    add_resend_path(spec)
    add_signing_paths(spec, json_response, refusals)
    described = spec.to_dict()
    add_form_rules(described["components"]["schemas"])
    return described


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec())
