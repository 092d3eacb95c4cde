"""The centre's optional liveness check (SIGNING_LIVENESS, 活体检测) between the identity check and
the code, through the JSON API and the /sign page, against the sandbox's identity provider over HTTP:
the tester's page is pressed over HTTP as a browser would, the result is asked of the provider."""

import html
import random
import re

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Signature
from tests.factories import deliver_outbox, example_payload, sandbox_sms

ZHANG = "420324199001011235"
CODE = r"验证码\D{0,8}(\d{6})"


@pytest.fixture
def liveness_app(app):
    app.config["SIGNING_LIVENESS"] = True
    return app


def submitted(client, app, sandbox) -> tuple[str, str, str]:
    """A one-party application (张三 is legal representative and the only shareholder): (number, token, phone)."""
    phone = f"13{random.randrange(5, 8)}{random.randrange(10**8):08d}"
    payload = example_payload()
    payload["legal_representative"].update(name="张三", phone=phone)
    payload["shareholders"] = [payload["shareholders"][0] | {"name": "张三", "id_number": ZHANG}]
    payload["shareholders"][0]["contribution_yuan"] = payload["registered_capital_yuan"]
    answer = client.post("/api/v1/applications", json=payload)
    assert answer.status_code == 201, answer.get_json()
    number = answer.get_json()["number"]
    deliver_outbox(app)
    return number, sandbox_sms(sandbox.url, phone, rf"申请{number}.*?/sign/([A-Za-z0-9_\-]+)"), phone


def codes_texted(sandbox, phone: str) -> int:
    messages = requests.get(sandbox.url + "/_sandbox/sms", params={"phone": phone}, timeout=10).json()["messages"]
    return sum("验证码" in message["text"] for message in messages)


def press(url: str, result: str) -> requests.Response:
    """The tester's button on the sandbox's liveness page (通过 = passed, 不通过 = failed)."""
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "通过" in page.text and "不通过" in page.text
    return requests.post(url, data={"result": result}, allow_redirects=False, timeout=10)


def liveness_link(client, token: str) -> str:
    """The page's link on to the provider's liveness page (a link: CSP form-action keeps forms on the site)."""
    found = re.search(r'id="sign-liveness-go" href="([^"]+)"', client.get(f"/sign/{token}").get_data(as_text=True))
    assert found, "no link to the liveness page"
    return html.unescape(found.group(1))


def signature_of(app, number: str) -> Signature:
    with app.app_context():
        return db.session.scalar(select(Signature).join(Application, Application.id == Signature.application_id)
                                 .where(Application.number == number))


def test_with_the_setting_off_verify_answers_as_api_md_says(app, client, sandbox):
    assert app.config["SIGNING_LIVENESS"] is False
    _number, token, phone = submitted(client, app, sandbox)
    answer = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})
    assert answer.status_code == 200
    assert set(answer.get_json()) == {"verification", "sms_sent_to"}
    deliver_outbox(app)
    assert codes_texted(sandbox, phone) == 1


def test_api_passed_liveness_then_the_code_then_the_signature(liveness_app, client, sandbox):
    app = liveness_app
    number, token, phone = submitted(client, app, sandbox)
    answer = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert set(body) == {"liveness_url", "liveness"}
    assert body["liveness_url"].startswith(sandbox.url + "/_sandbox/liveness/")
    deliver_outbox(app)
    assert codes_texted(sandbox, phone) == 0  # no code before the liveness check

    early = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"]})
    assert early.status_code == 409 and "尚未完成活体检测" in early.get_json()["error"]
    pressed = press(body["liveness_url"], "passed")
    assert pressed.status_code == 200 and "请返回应用继续" in pressed.text  # an app gave no return address
    assert press_again(body["liveness_url"]) == 409

    confirmed = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"]})
    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json()["sms_sent_to"] == phone[:3] + "****" + phone[-4:]
    deliver_outbox(app)
    assert codes_texted(sandbox, phone) == 1
    again = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"]})
    assert again.status_code == 409  # one code per liveness check
    code = sandbox_sms(sandbox.url, phone, CODE)
    signed = client.post(f"/api/v1/signing/{token}/sign", json={
        "verification": confirmed.get_json()["verification"], "sms_code": code, "decision": "sign"})
    assert signed.status_code == 200, signed.get_json()
    assert signed.get_json()["application_status"] != "awaiting_signatures"
    assert signature_of(app, number).status == "signed"


def press_again(url: str) -> int:
    return requests.post(url, data={"result": "failed"}, allow_redirects=False, timeout=10).status_code


def test_api_failed_liveness_is_refused_counted_and_locks(liveness_app, client, sandbox):
    app = liveness_app
    app.config["SIGNING_MAX_FAILURES"] = 2
    number, token, phone = submitted(client, app, sandbox)
    body = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG}).get_json()
    assert press(body["liveness_url"], "failed").status_code == 200
    refused = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"]})
    assert refused.status_code == 422 and "活体检测未通过" in refused.get_json()["error"]
    assert signature_of(app, number).failures == 1
    # The same spent handle is refused again, not counted twice; a forged one is refused too.
    spent = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"]})
    assert spent.status_code == 422 and signature_of(app, number).failures == 1
    forged = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"][:-3] + "AAA"})
    assert forged.status_code == 422 and signature_of(app, number).failures == 1

    body = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG}).get_json()
    press(body["liveness_url"], "failed")
    locked = client.post(f"/api/v1/signing/{token}/liveness", json={"liveness": body["liveness"]})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG}).status_code == 429
    deliver_outbox(app)
    assert codes_texted(sandbox, phone) == 0


def test_page_sends_the_party_to_the_liveness_page_and_back(liveness_app, client, sandbox):
    app = liveness_app
    number, token, phone = submitted(client, app, sandbox)
    page = client.get(f"/sign/{token}")
    assert "活体检测" in page.get_data(as_text=True)
    sent = client.post(f"/sign/{token}/verify", data={"id_number": ZHANG})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/sign/{token}")
    liveness_url = liveness_link(client, token)
    assert liveness_url.startswith(sandbox.url + "/_sandbox/liveness/")
    assert codes_texted(sandbox, phone) == 0

    back_early = client.get(f"/sign/{token}/liveness")  # came back without finishing
    assert back_early.status_code == 409
    text = back_early.get_data(as_text=True)
    assert "尚未完成活体检测" in text and liveness_url in text  # and a way back to finish it

    pressed = press(liveness_url, "passed")
    assert pressed.status_code == 303
    back = pressed.headers["Location"]
    assert back == app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/sign/{token}/liveness"
    returned = client.get(f"/sign/{token}/liveness")
    assert returned.status_code == 303 and returned.headers["Location"].endswith(f"/sign/{token}")
    assert "验证码已发送至" in client.get(f"/sign/{token}").get_data(as_text=True)
    assert codes_texted(sandbox, phone) == 1  # delivered before the page says so
    assert client.get(f"/sign/{token}/liveness").status_code == 303  # a reload sends no second code
    assert codes_texted(sandbox, phone) == 1
    code = sandbox_sms(sandbox.url, phone, CODE)
    decided = client.post(f"/sign/{token}/decide", data={"sms_code": code, "decision": "sign"})
    assert decided.status_code == 303
    assert "签署完成" in client.get(f"/sign/{token}").get_data(as_text=True)
    assert signature_of(app, number).status == "signed"


def test_page_failed_liveness_is_refused_whatever_the_address_says(liveness_app, client, sandbox):
    app = liveness_app
    number, token, phone = submitted(client, app, sandbox)
    assert client.post(f"/sign/{token}/verify", data={"id_number": ZHANG}).status_code == 303
    liveness_url = liveness_link(client, token)
    assert press(liveness_url, "failed").status_code == 303
    returned = client.get(f"/sign/{token}/liveness?status=passed&result=passed")  # a query parameter proves nothing
    assert returned.status_code == 422
    text = returned.get_data(as_text=True)
    assert "活体检测未通过" in text and 'id="sign-step-1"' in text
    assert signature_of(app, number).failures == 1
    assert codes_texted(sandbox, phone) == 0
