"""/api/v1/openapi.json: the public interface as OpenAPI 3, request schema taken from the one form."""

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify

from app.api import bp
from forms.schema import ApplicationSchema

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}
FIELD_ERRORS = {"type": "object", "properties": {"errors": {
    "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}
STRING = {"type": "string"}
NULLABLE_TIME = {"type": "string", "format": "date-time", "nullable": True}
REDEMPTION = {"type": "object", "required": ["code", "company_name", "uscc", "seals", "redeemed_at", "valid_until"],
              "properties": {
                  "code": STRING, "company_name": STRING, "uscc": STRING,
                  "seals": {"type": "array", "items": {"type": "object", "properties": {
                      "kind": {"type": "string", "enum": ["official", "finance", "invoice", "legal_rep", "contract"]},
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
                                      "description": "the `s` query parameter checked: absent, valid or invalid"}}}
LICENCE_CHECK = {"type": "object", "required": ["intact", "valid", "signer", "signed_at", "coverage", "demo"],
                 "properties": {
                     "intact": {"type": "boolean", "description": "not changed since it was signed"},
                     "valid": {"type": "boolean", "description": "intact and signed by our registration authority"},
                     "signer": {"type": "string", "nullable": True}, "signed_at": NULLABLE_TIME,
                     "coverage": {"type": "string", "nullable": True},
                     "demo": {"type": "boolean", "description": "signed with the demonstration key"}}}


def json_response(description: str, schema: dict | str) -> dict:
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error(description: str) -> dict:
    return json_response(description, ERROR)


def path_parameters(*names: str) -> list[dict]:
    return [{"name": name, "in": "path", "required": True, "schema": STRING} for name in names]


def add_application_paths(spec: APISpec) -> None:
    spec.path(path="/api/v1/applications", operations={"post": {
        "summary": "Submit an application (一表申请)",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": STRING}],
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
        "parameters": path_parameters("number"),
        "responses": {"200": json_response("The application", {"type": "object"}),
                      "401": error("No credentials"), "404": error("Unknown number, or not yours")}}})
    spec.path(path="/api/v1/applications/{number}/documents/{kind}", operations={"get": {
        "summary": "Download a document", "security": [{"applicant": []}],
        "parameters": path_parameters("number", "kind"),
        "responses": {"200": {"description": "application/pdf (the bundle: application/zip)"},
                      "401": error("No credentials"), "404": error("No such document")}}})
    spec.path(path="/api/v1/names/check", operations={"get": {
        "summary": "Check an enterprise name",
        "parameters": [{"name": n, "in": "query", "required": False, "schema": STRING}
                       for n in ("region", "trade_name", "industry", "org_form", "entity_type")],
        "responses": {"200": json_response("available, full_name, problems", {"type": "object"}),
                      "429": error("Too many requests")}}})


def add_seal_voucher_paths(spec: APISpec) -> None:
    shop = [{"seal_shop": []}]
    spec.path(path="/api/v1/seal-vouchers/{code}/redeem", operations={"post": {
        "summary": "Redeem a free-seal voucher (seal shops)", "security": shop,
        "parameters": path_parameters("code"),
        "responses": {"200": json_response("The seals to carve", "SealVoucherRedemption"),
                      "401": error("Missing or wrong shop key"), "404": error("Unknown voucher"),
                      "409": error("Already redeemed"), "410": error("The voucher has expired")}}})
    spec.path(path="/api/v1/seal-vouchers/{code}/carved", operations={"post": {
        "summary": "Report the seals carved (the redeeming shop); repeating it keeps the first time",
        "security": shop, "parameters": path_parameters("code"),
        "responses": {"200": json_response("When the seals were carved", "SealsCarved"),
                      "401": error("Missing or wrong shop key"), "403": error("Another shop redeemed the voucher"),
                      "404": error("Unknown voucher"),
                      "409": error("Not redeemed yet, or the applicant has not confirmed the impressions")}}})
    spec.path(path="/api/v1/seal-vouchers/{code}/impressions/{kind}.pdf", operations={"get": {
        "summary": "The impression to carve (印模), for the shop that redeemed the voucher",
        "security": shop, "parameters": path_parameters("code", "kind"),
        "responses": {"200": {"description": "The impression drawn to specification",
                              "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                      "401": error("Missing or wrong shop key"), "403": error("Another shop redeemed the voucher"),
                      "404": error("Unknown voucher, or no seal of that kind on it")}}})


def add_public_paths(spec: APISpec) -> None:
    spec.path(path="/api/v1/openapi.json", operations={"get": {
        "summary": "This description", "responses": {"200": json_response("OpenAPI 3", {"type": "object"})}}})
    spec.path(path="/verify/", operations={"get": {
        "summary": "The verification page with the upload box (HTML, public)",
        "responses": {"200": {"description": "HTML page", "content": {"text/html": {"schema": STRING}}}}}})
    spec.path(path="/verify/{uscc}", operations={"get": {
        "summary": "Verify a licence (public); HTML unless Accept: application/json",
        "parameters": [*path_parameters("uscc"), {"name": "s", "in": "query", "required": False, "schema": STRING,
                                                  "description": "the signature the licence's QR code carries"}],
        "responses": {"200": json_response("The register's facts about the licence", "LicenceFacts"),
                      "404": error("Unknown credit code")}}})
    spec.path(path="/verify/upload", operations={"post": {
        "summary": "Check an electronic licence PDF's signature (public); HTML unless Accept: application/json",
        "description": "The upload box of /verify/: a form post, so it carries that page's csrf_token "
                       "and session cookie.",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["licence", "csrf_token"],
            "properties": {"licence": {"type": "string", "format": "binary"}, "csrf_token": STRING}}}}},
        "responses": {"200": json_response("What the signature check found; the file is not kept", "LicenceCheck"),
                      "400": error("No file chosen, or the CSRF token is missing or expired"),
                      "413": error("File too large")}}})
    spec.path(path="/healthz", operations={"get": {"summary": "Health", "responses": {
        "200": json_response("ok", {"type": "object", "properties": {"status": STRING}}),
        "500": {"description": "The database or the queue does not answer"}}}})


def build_spec() -> dict:
    spec = APISpec(title="Kaiban 210", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "企业开办210 public interface; see shared/API.md."})
    spec.components.schema("Application", schema=ApplicationSchema)
    for name, schema in (("SealVoucherRedemption", REDEMPTION), ("SealsCarved", CARVED),
                         ("LicenceFacts", LICENCE_FACTS), ("LicenceCheck", LICENCE_CHECK)):
        spec.components.schema(name, schema)
    spec.components.security_scheme("applicant", {"type": "http", "scheme": "bearer",
                                                  "description": "access_token of the application"})
    spec.components.security_scheme("seal_shop", {"type": "http", "scheme": "bearer",
                                                  "description": "key from `flask seal-shops add`"})
    add_application_paths(spec)
    add_seal_voucher_paths(spec)
    add_public_paths(spec)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec())
