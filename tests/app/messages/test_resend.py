"""The way back (API.md): POST /api/v1/applications/<number>/resend-link and the /track form.

202 and the same body whatever the number and phone (no oracle), the tracking link texted only to
the contact phone, a fresh signing link to a party who has not signed yet (the old link dies), and
rate limits per address and per number that answer 429."""

from __future__ import annotations

import re
import secrets
import time

import pytest
import requests
from flask_migrate import upgrade

from app.applications.tokens import token_matches
from app.extensions import db
from app.factory import create_app
from app.messages import sending
from app.messages.queries import application_by_number, messages_for
from app.signing.queries import signatures_of
from app.signing.tasks import sweep
from config import Testing
from integrations import agency_urls
from tests.app.signing.test_signing_flow import llc_payload
from tests.factories import example_payload, filed_application, sign_every_party, signing_token

ACCEPTED = "若号码与申请一致，我们已将查询链接发送至该手机"


def new_phone() -> str:
    return "139" + f"{secrets.randbelow(10**8):08d}"


def file_with_phone(app, phone: str) -> str:
    with app.app_context():
        return filed_application(example_payload(contact={"name": "张三", "phone": phone})).number


def resend_rows(app, number: str) -> list:
    with app.app_context():
        application = application_by_number(number)
        return [m for m in messages_for(application) if m.idempotency_key.startswith("resend-link:")]


def gateway_inbox(app, phone: str) -> list[str]:
    url = app.config["SMS_GATEWAY_URL"].rsplit("/sms", 1)[0] + "/_sandbox/sms"
    return [m["text"] for m in requests.get(url, params={"phone": phone}, timeout=5).json()["messages"]]


def ask(client, number: str, phone, address: str = "127.0.0.1"):
    started = time.monotonic()
    response = client.post(f"/api/v1/applications/{number}/resend-link", json={"phone": phone},
                           environ_base={"REMOTE_ADDR": address})
    return response, time.monotonic() - started


def test_the_contact_phone_gets_the_tracking_link_by_sms(app, client):
    phone = new_phone()
    number = file_with_phone(app, phone)
    response, _ = ask(client, number, phone)
    assert response.status_code == 202 and response.get_json() == {"message": ACCEPTED}
    [message] = resend_rows(app, number)
    with app.app_context():
        assert sending.send_one(message.id).sent
        [text] = [t for t in gateway_inbox(app, phone) if "查询链接" in t]
        token = re.search(rf"/track/{number}\?t=([0-9a-f]+)", text).group(1)
        assert token_matches(application_by_number(number), token, app.config["SECRET_KEY"])


def test_a_wrong_phone_gets_nothing_and_the_same_answer(app, client):
    phone, stranger = new_phone(), new_phone()
    number = file_with_phone(app, phone)
    right, right_time = ask(client, number, phone)
    wrong, wrong_time = ask(client, number, stranger)
    unknown, unknown_time = ask(client, "202601010000000000", stranger)
    answers = {(r.status_code, r.get_data()) for r in (right, wrong, unknown)}
    assert answers == {(202, right.get_data())}  # one answer: nothing tells a match from a miss
    least = app.config["RESEND_LINK_ANSWER_SECONDS"]
    assert min(right_time, wrong_time, unknown_time) >= least  # and none answers sooner than the others
    assert len(resend_rows(app, number)) == 1  # only the right phone's request queued a text
    with app.app_context():
        for message in messages_for(application_by_number(number)):
            sending.send_one(message.id)
    assert gateway_inbox(app, stranger) == []


def test_two_requests_within_a_minute_are_one_text(app, client):
    phone = new_phone()
    number = file_with_phone(app, phone)
    ask(client, number, phone)
    ask(client, number, phone)
    assert len(resend_rows(app, number)) == 1


@pytest.mark.parametrize("body", [{"phone": "12345"}, {"phone": 13800000000}, {}, {"phone": "13800000000", "number": "x"}])
def test_what_is_not_a_phone_is_a_field_error(client, body):
    response = client.post("/api/v1/applications/202601010000000000/resend-link", json=body)
    assert response.status_code == 422 and response.get_json()["errors"]


def test_a_number_that_cannot_be_one_is_a_field_error_not_an_oracle(client):
    response = client.post("/api/v1/applications/abc/resend-link", json={"phone": "13800000000"})
    assert response.status_code == 422 and "number" in response.get_json()["errors"]


def test_not_json_is_415(client):
    response = client.post("/api/v1/applications/202601010000000000/resend-link", data="phone=1",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


@pytest.fixture
def limited(tmp_path, sandbox):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}", WTF_CSRF_ENABLED=False,
                     INSTANCE_PATH=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                     RATELIMIT_RESEND_LINK="3 per minute", RATELIMIT_RESEND_LINK_NUMBER="2 per minute",
                     RESEND_LINK_ANSWER_SECONDS=0, **agency_urls(sandbox.url))
    with app.app_context():
        upgrade(revision="heads")
    return app


def test_one_address_is_limited_across_numbers(limited):
    client = limited.test_client()
    answers = [ask(client, f"2026010100000000{n:02d}", new_phone(), "10.0.0.1")[0].status_code for n in range(4)]
    assert answers == [202, 202, 202, 429]
    assert ask(client, "202601010000000099", new_phone(), "10.0.0.2")[0].status_code == 202  # another address


def test_one_number_is_limited_across_addresses_and_the_page_counts_too(limited):
    client = limited.test_client()
    number = file_with_phone(limited, new_phone())
    assert ask(client, number, new_phone(), "10.0.1.1")[0].status_code == 202
    page = client.post("/track", data={"number": number, "phone": new_phone()}, environ_base={"REMOTE_ADDR": "10.0.1.2"})
    assert page.status_code == 200
    refused, _ = ask(client, number, new_phone(), "10.0.1.3")
    assert refused.status_code == 429 and refused.get_json()["error"] and refused.headers.get("Retry-After")
    again = client.post("/track", data={"number": number, "phone": new_phone()}, environ_base={"REMOTE_ADDR": "10.0.1.4"})
    assert again.status_code == 429


def test_the_page_asks_for_number_and_phone(client):
    page = client.get("/track")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="number"' in html and 'name="phone"' in html and 'action="/track"' in html


def test_the_page_sends_the_link_to_the_contact_phone_and_says_the_same_either_way(app, client):
    phone = new_phone()
    number = file_with_phone(app, phone)
    right = client.post("/track", data={"number": f" {number} ", "phone": phone})
    wrong = client.post("/track", data={"number": number, "phone": new_phone()})
    unknown = client.post("/track", data={"number": "202601010000000000", "phone": phone})
    for page in (right, wrong, unknown):
        assert page.status_code == 200 and ACCEPTED in page.get_data(as_text=True)
    assert len(resend_rows(app, number)) == 1


def test_the_page_points_at_what_is_not_a_number_or_a_phone(client):
    page = client.post("/track", data={"number": "", "phone": "123"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "请填写申请编号" in html and "请填写11位手机号码" in html
    assert ACCEPTED not in html


def test_the_page_form_needs_its_csrf_token(tmp_path, sandbox):
    guarded = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'csrf.sqlite'}",
                         INSTANCE_PATH=str(tmp_path), **agency_urls(sandbox.url))
    with guarded.app_context():
        upgrade(revision="heads")
    response = guarded.test_client().post("/track", data={"number": "202601010000000000", "phone": "13800000000"})
    assert response.status_code == 400


def test_nothing_of_the_request_stays_in_the_session(app, client):
    number = file_with_phone(app, new_phone())
    ask(client, number, new_phone())
    with app.app_context():
        assert not db.session.new and not db.session.dirty


# ---------------------------------------------------------------- a party asks for their signing link again


def file_unsigned(app, payload: dict) -> tuple[str, list[str]]:
    """(number, the signing tokens of the texts at filing) of an application awaiting its signatures."""
    with app.app_context():
        application = filed_application(payload, signed=False)
        return application.number, [signing_token(application, p) for p in (1, 2)]


def signing_rows(app, number: str) -> list:
    with app.app_context():
        return [m for m in messages_for(application_by_number(number)) if m.idempotency_key.startswith("signing-resend:")]


def sent_signing_link(app, number: str, phone: str) -> str:
    """Send the resent signing text, then read its token from the gateway's inbox (HTTP)."""
    [message] = signing_rows(app, number)
    with app.app_context():
        assert sending.send_one(message.id).sent
    [text] = [t for t in gateway_inbox(app, phone) if "新签署链接" in t]
    assert number in text and text.split("请签署：")[1].startswith(app.config["PUBLIC_BASE_URL"] + "/sign/")
    return re.search(r"/sign/([A-Za-z0-9_\-]+)", text).group(1)


def test_a_party_who_has_not_signed_gets_a_fresh_signing_link_and_the_old_one_dies(app, client):
    payload, _zhang, li = llc_payload()
    number, (_zhang_token, li_token) = file_unsigned(app, payload)
    response, took = ask(client, number, li)
    assert response.status_code == 202 and response.get_json() == {"message": ACCEPTED}
    assert took >= app.config["RESEND_LINK_ANSWER_SECONDS"]
    assert resend_rows(app, number) == []  # not the contact phone: no tracking link
    assert [m.idempotency_key.split(":")[2] for m in signing_rows(app, number)] == ["2"]
    fresh = sent_signing_link(app, number, li)
    assert fresh != li_token
    assert client.get(f"/api/v1/signing/{li_token}").status_code == 404
    assert client.get(f"/api/v1/signing/{fresh}").get_json()["status"] == "pending"
    # Asked again at once: one text, and the link in it stays the one that opens.
    ask(client, number, li)
    assert len(signing_rows(app, number)) == 1
    assert client.get(f"/api/v1/signing/{fresh}").status_code == 200


def test_the_track_page_sends_a_party_their_link_too(app, client):
    payload, zhang, _li = llc_payload()
    number, (zhang_token, _li_token) = file_unsigned(app, payload)
    page = client.post("/track", data={"number": number, "phone": zhang})
    assert page.status_code == 200 and ACCEPTED in page.get_data(as_text=True)
    fresh = sent_signing_link(app, number, zhang)
    assert client.get(f"/api/v1/signing/{zhang_token}").status_code == 404
    assert client.get(f"/api/v1/signing/{fresh}").status_code == 200


def test_a_phone_that_is_both_contact_and_party_gets_both_links(app, client):
    payload, zhang, _li = llc_payload()
    payload["contact"]["phone"] = zhang
    number, _tokens = file_unsigned(app, payload)
    ask(client, number, zhang)
    assert len(resend_rows(app, number)) == 1 and len(signing_rows(app, number)) == 1


def test_no_signing_link_once_signed_or_withdrawn_and_the_same_answer(app, client):
    payload, zhang, li = llc_payload()
    number, _tokens = file_unsigned(app, payload)
    with app.app_context():
        application = application_by_number(number)
        sign_every_party(application)  # accepted: nobody is awaited
    answer, _ = ask(client, number, li)
    assert answer.status_code == 202 and answer.get_json() == {"message": ACCEPTED}
    assert signing_rows(app, number) == []

    payload, zhang, li = llc_payload()
    number, _tokens = file_unsigned(app, payload)
    with app.app_context():
        application = application_by_number(number)
        assert sweep(now=signatures_of(application)[0].expires_at).withdrawn  # the deadline passed
    for phone in (zhang, li):
        answer, _ = ask(client, number, phone)
        assert answer.status_code == 202 and answer.get_json() == {"message": ACCEPTED}
    assert signing_rows(app, number) == []
