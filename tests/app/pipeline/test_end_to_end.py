"""One form in, seven agencies out, the licence back — through a real worker on each backend."""

import re

import pytest

from app.eseals.issue import seals_of
from app.extensions import db
from app.models import Application
from app.rules.uscc import is_valid_uscc
from devstack.stack import wait_until
from tests.factories import as_form, example_payload, sign_through_api, with_own_phones

pytestmark = pytest.mark.slow


def submit(stack, client, payload, **headers):
    """Submit, then every party signs from their SMS (the worker sends them); accepted on the last."""
    payload = with_own_phones(payload)
    response = client.post("/api/v1/applications", json=payload, headers=headers)
    assert response.status_code in (200, 201), response.get_json()
    created = response.get_json()
    assert created["status"] == "awaiting_signatures" and created["due_at"] is None
    sign_through_api(client, stack.sandbox_url, created, payload)
    return created


def follow(client, created):
    headers = {"Authorization": "Bearer " + created["access_token"]}
    return client.get(created["links"]["self"], headers=headers).get_json()


def wait_ready(client, created, timeout=60):
    def ready():
        body = follow(client, created)
        assert body["status"] not in ("needs_review", "rejected"), body
        return body if body["status"] == "ready_for_issue" else None
    return wait_until(ready, timeout, message=f"{created['number']} ready_for_issue")


def test_an_application_goes_through_every_agency(stack):
    client = stack.app.test_client()
    created = submit(stack, client, example_payload())
    assert follow(client, created)["status"] != "awaiting_signatures"

    body = wait_ready(client, created)

    assert is_valid_uscc(body["uscc"]) and body["uscc"][2:8] == "420324"
    assert [s["step"] for s in body["steps"]] == [
        "name_approval", "registration", "seal_carving", "tax_registration", "bank_account", "social_insurance",
        "housing_fund"]
    assert all(s["status"] == "done" and s["reference"] and s["finished_at"] for s in body["steps"])
    assert all(isinstance(s["agency_ms"], int) and s["agency_ms"] >= 0 for s in body["steps"])
    assert body["sla"]["stage"] == "issue"
    licence_url = {d["kind"]: d["url"] for d in body["documents"]}["business_license"]
    pdf = client.get(licence_url, headers={"Authorization": "Bearer " + created["access_token"]})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    verified = client.get(f"/verify/{body['uscc']}", headers={"Accept": "application/json"}).get_json()
    assert verified["status"] == "valid" and verified["name"] == body["company_name"]
    with stack.app.app_context():  # the seal step issued an electronic seal for each seal kind asked for
        application = db.session.scalar(db.select(Application).filter_by(number=created["number"]))
        assert sorted(seal.kind for seal in seals_of(application)) == sorted(application.form["seals"])


def test_parallel_steps_overlap_in_time(stack):
    """Seal, tax, bank, social insurance and housing fund run side by side once registration is done, not
    one after another."""
    stack.sandbox("/_sandbox/config", SANDBOX_LATENCY_MS=300)
    # (the agency time recorded on each step below includes that latency)
    try:
        client = stack.app.test_client()
        body = wait_ready(client, submit(stack, client, example_payload()))
    finally:
        stack.sandbox("/_sandbox/reset", reset=True)
    parallel = [s for s in body["steps"] if s["step"] in ("seal_carving", "tax_registration", "bank_account",
                                                          "social_insurance", "housing_fund")]
    latest_start = max(s["started_at"] for s in parallel)
    earliest_finish = min(s["finished_at"] for s in parallel)
    assert latest_start < earliest_finish
    assert all(s["agency_ms"] >= 300 for s in body["steps"])


def test_a_refusal_puts_the_step_in_review_with_the_reason(stack):
    client = stack.app.test_client()
    payload = example_payload()
    payload["address"] = "湖北省十堰市竹溪县城关镇税务退回路1号"
    created = submit(stack, client, payload)

    def reviewed():
        body = follow(client, created)
        return body if body["status"] == "needs_review" else None
    body = wait_until(reviewed, 60, message="needs_review")
    tax = next(s for s in body["steps"] if s["step"] == "tax_registration")
    assert tax["status"] == "needs_review" and "税务" in tax["detail"]
    others = {s["step"]: s["status"] for s in body["steps"] if s["step"] != "tax_registration"}
    assert others["registration"] == "done"


def test_transient_errors_are_retried_with_the_same_key(stack):
    client = stack.app.test_client()
    payload = example_payload()
    payload["name"]["trade_name"] = payload["name"]["trade_name"][:4] + "繁忙"
    body = wait_ready(client, submit(stack, client, payload))
    assert max(s["attempts"] for s in body["steps"]) >= 2
    assert stack.sandbox("/_sandbox/stats")


def test_the_html_form_goes_the_same_way(stack):
    """The one form as a person posts it (form fields, not JSON) reaches the same end."""
    stack.app.config["WTF_CSRF_ENABLED"] = False
    client = stack.app.test_client()
    payload = with_own_phones(example_payload())
    response = client.post("/", data=as_form(payload))
    assert response.status_code == 303
    number = re.fullmatch(r"/track/(\w+)", response.headers["Location"]).group(1)
    sign_through_api(client, stack.sandbox_url, {"number": number}, payload)
    token = client.get_cookie(f"kaiban_track_{number}", path=f"/track/{number}").value  # the page's own way in
    body = wait_ready(client, {"access_token": token, "links": {"self": f"/api/v1/applications/{number}"},
                               "number": number})
    assert body["channel"] == "online" and body["uscc"]
    assert "电子营业执照" in client.get(response.headers["Location"]).get_data(as_text=True)
