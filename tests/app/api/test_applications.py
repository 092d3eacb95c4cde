"""POST/GET /api/v1/applications exactly as API.md says — without a worker (nothing runs the steps)."""

import copy

import pytest

from app.applications.tokens import access_token
from app.factory import create_app
from config import Testing
from tests.factories import EXAMPLE, example_payload


def post(client, body, **headers):
    return client.post("/api/v1/applications", json=body, headers=headers)


def test_a_valid_application_is_created(client):
    response = post(client, example_payload())
    assert response.status_code == 201
    body = response.get_json()
    # Filed, not accepted: every party signs first, and only then does the one-day clock run.
    assert body["status"] == "awaiting_signatures" and body["access_token"] and body["due_at"] is None
    assert body["links"]["self"] == f"/api/v1/applications/{body['number']}"
    assert body["links"]["track"] == f"/track/{body['number']}?t={body['access_token']}"


def test_following_needs_the_right_token(client):
    mine = post(client, example_payload()).get_json()
    theirs = post(client, example_payload()).get_json()
    url = mine["links"]["self"]
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer " + theirs["access_token"]}).status_code == 404
    assert client.get(url, headers={"Authorization": "Bearer nonsense"}).status_code == 404
    shown = client.get(url, headers={"Authorization": "Bearer " + mine["access_token"]}).get_json()
    assert shown["number"] == mine["number"]
    assert [s["step"] for s in shown["steps"]] == [
        "name_approval", "registration", "seal_carving", "tax_registration", "bank_account",
        "social_insurance", "housing_fund"]
    assert all(s["status"] == "pending" for s in shown["steps"])
    assert shown["sla"] == {"stage": "apply", "due_at": mine["due_at"], "light": "green", "paused": False,
                            "pause_reason": None} or set(shown["sla"]) >= {"stage", "due_at", "light", "paused"}
    assert shown["seal_voucher"] is None and shown["uscc"] is None


def test_idempotency_key_returns_the_same_application(client):
    body = example_payload()
    first = post(client, body, **{"Idempotency-Key": "partner-42"})
    again = post(client, body, **{"Idempotency-Key": "partner-42"})
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["number"] == first.get_json()["number"]
    assert again.get_json()["access_token"] == first.get_json()["access_token"]
    other = post(client, example_payload(), **{"Idempotency-Key": "partner-42"})
    assert other.status_code == 409 and "error" in other.get_json()


def test_every_problem_is_reported_at_once_with_paths(client):
    body = copy.deepcopy(EXAMPLE)
    body["legal_representative"]["id_number"] = "420324199001011234"
    body["shareholders"][1]["contribution_yuan"] = 300000
    body["legal_representative"]["name"] = ""
    body["contact"]["phone"] = "12345"
    body["business_scope"] = ["软件开发", "造火箭"]
    del body["tax"]
    response = post(client, body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "校验" in errors["legal_representative.id_number"][0]
    assert "legal_representative.name" in errors
    assert "与注册资本" in errors["registered_capital_yuan"][0]
    assert "手机" in errors["contact.phone"][0]
    assert "business_scope.1" in errors
    assert "tax" in errors


def test_id_birth_dates_must_be_real(client):
    body = example_payload()
    body["shareholders"][0]["id_number"] = "420324199002301235"
    errors = post(client, body).get_json()["errors"]
    assert "出生日期" in errors["shareholders.0.id_number"][0]


def test_messages_in_english_when_asked(client):
    body = copy.deepcopy(EXAMPLE)
    body["legal_representative"]["id_number"] = "420324199001011234"
    errors = post(client, body, **{"Accept-Language": "en"}).get_json()["errors"]
    message = errors["legal_representative.id_number"][0]
    assert message.isascii() and "check" in message.lower()


@pytest.mark.parametrize("entity_type", ["sole_proprietorship", "individual_business"])
def test_shareholders_are_refused_where_they_do_not_apply(client, entity_type):
    body = example_payload(entity_type=entity_type)
    body["name"]["org_form"] = "店" if entity_type == "individual_business" else "商行"
    errors = post(client, body).get_json()["errors"]
    assert "shareholders" in errors


def test_window_delivery_takes_no_address(client):
    body = example_payload(delivery={"method": "window", "address": "某地"})
    errors = post(client, body).get_json()["errors"]
    assert "delivery.address" in errors
    ok = post(client, example_payload(delivery={"method": "window"}))
    assert ok.status_code == 201


def test_unknown_fields_are_refused_not_ignored(client):
    body = example_payload()
    body["legal_representative"]["nickname"] = "小张"
    errors = post(client, body).get_json()["errors"]
    assert "legal_representative.nickname" in errors


def test_a_forbidden_name_is_refused_in_the_form(client):
    body = example_payload()
    body["name"]["trade_name"] = "中华"
    errors = post(client, body).get_json()["errors"]
    assert "name.trade_name" in errors


@pytest.mark.parametrize("send, status", [
    (lambda c: c.post("/api/v1/applications", data="{not json", content_type="application/json"), 400),
    (lambda c: c.post("/api/v1/applications", data="a=b", content_type="application/x-www-form-urlencoded"), 415),
    (lambda c: c.post("/api/v1/applications", data="[1, 2]", content_type="application/json"), 422),
    (lambda c: c.post("/api/v1/applications", data="x" * 300_000, content_type="application/json"), 413),
])
def test_bad_input_never_yields_a_500(client, send, status):
    response = send(client)
    assert response.status_code == status
    assert response.is_json and (response.get_json().get("error") or response.get_json().get("errors"))


def test_submissions_are_rate_limited_per_client(tmp_path):
    limited = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}",
                         RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="3 per minute")
    client = limited.test_client()
    responses = [post(client, {"bad": 1}) for _ in range(4)]
    assert [r.status_code for r in responses] == [422, 422, 422, 429]
    assert "error" in responses[3].get_json()



def test_openapi_describes_the_form(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/applications" in spec["paths"]
    assert "legal_representative" in spec["components"]["schemas"]["Application"]["properties"]


def test_the_applicant_downloads_the_bundle_as_zip_with_the_token(app, client, finished):
    token = access_token(finished, app.config["SECRET_KEY"], 0)
    body = client.get(f"/api/v1/applications/{finished}", headers={"Authorization": f"Bearer {token}"}).get_json()
    kinds = [d["kind"] for d in body["documents"]]
    assert kinds == ["business_license", "seal_voucher", "tax_notice", "bank_notice",
                     "application_form", "articles", "social_insurance_notice", "housing_fund_notice", "bundle"]
    bundle = client.get(body["documents"][-1]["url"], headers={"Authorization": f"Bearer {token}"})
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    assert body["seal_voucher"]["seals"] == ["official", "finance", "invoice"]
    assert body["seal_voucher"]["redeemed_at"] is None and len(body["seal_voucher"]["valid_until"]) == 10
