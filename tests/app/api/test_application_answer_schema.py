"""The follow answer (GET /api/v1/applications/<number>) is exactly what /api/v1/openapi.json declares,
at every stage a partner meets it: filed and awaiting signatures, sent to a clerk, ready with its
documents and voucher, withdrawn. The schema is closed, so a field added without a word there fails."""

import jsonschema_rs
import pytest

from app.applications.tokens import application_token
from app.extensions import db
from app.models import ApplicationStatus, StepStatus
from app.review import operations as review
from tests.factories import create_application, example_payload, filed_application, ready_application


def json_schema(schema):
    """OpenAPI 3.0's `nullable: true` as JSON Schema has it (the one keyword the two read differently)."""
    if isinstance(schema, list):
        return [json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    plain = {key: json_schema(value) for key, value in schema.items() if key != "nullable"}
    if schema.get("nullable"):
        if "enum" in plain:
            plain["enum"] = [*plain["enum"], None]
        return {"anyOf": [plain, {"type": "null"}]}
    return plain


@pytest.fixture
def validator(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    answer = spec["paths"]["/api/v1/applications/{number}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApplicationAnswer"}
    return jsonschema_rs.validator_for(json_schema(spec["components"]["schemas"]["ApplicationAnswer"]))


def keys(app, application) -> tuple[str, str]:
    """Number and token, read while the application is still in its session."""
    return application.number, application_token(application, app.config["SECRET_KEY"])


def followed(client, number: str, token: str) -> dict:
    answer = client.get(f"/api/v1/applications/{number}", headers={"Authorization": "Bearer " + token})
    assert answer.status_code == 200
    return answer.get_json()


def errors(validator, answer: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(answer)]


def test_awaiting_signatures(app, client, validator):
    with app.app_context():
        filed = keys(app, filed_application(example_payload(), signed=False))
    answer = followed(client, *filed)
    assert answer["status"] == ApplicationStatus.AWAITING_SIGNATURES and answer["signatures"]
    assert errors(validator, answer) == []


def test_sent_to_a_clerk_and_rejected(app, client, validator):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                          stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "地址无法核实")})
        stuck = keys(app, application)
    answer = followed(client, *stuck)
    assert answer["status_reason"] and any(s["detail"] for s in answer["steps"])
    assert errors(validator, answer) == []
    with app.app_context():
        review.reject(db.session.merge(application), "clerk1", "住所不符合登记要求")
        db.session.commit()
    answer = followed(client, *stuck)
    assert answer["status"] == ApplicationStatus.REJECTED and errors(validator, answer) == []


def test_ready_with_documents_voucher_and_permits(app, client, validator):
    with app.app_context():
        ready = keys(app, ready_application(business_scope=["软件开发", "餐饮服务"]))
    answer = followed(client, *ready)
    assert answer["seal_voucher"] and answer["documents"] and answer["permits_needed"] and answer["uscc"]
    assert errors(validator, answer) == []


def test_the_schema_is_closed(app, client, validator):
    with app.app_context():
        filed = keys(app, filed_application(example_payload(), signed=False))
    answer = followed(client, *filed)
    assert errors(validator, answer | {"unexpected": 1}) != []
    assert errors(validator, answer | {"steps": [answer["steps"][0] | {"step": "astrology"}]}) != []
    assert errors(validator, answer | {"sla": answer["sla"] | {"light": "blue"}}) != []
