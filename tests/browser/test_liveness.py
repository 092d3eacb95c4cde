"""With the centre's liveness check on: the ID number, then the identity provider's liveness page
(the sandbox's tester page), 通过, back on our page with the code sent; 签署."""

import pytest
import requests
from playwright.sync_api import expect

from devstack.payloads import sandbox_text, with_own_phones
from tests.browser.test_signing import PHONE, SHOTS, fits_the_phone
from tests.factories import example_payload

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]


@pytest.fixture
def liveness_on(live_server):
    """The setting on for this test only (the stack's app is shared), its links on this server's port."""
    config = live_server.app.config
    before = config["SIGNING_LIVENESS"], config["PUBLIC_BASE_URL"]
    config["SIGNING_LIVENESS"], config["PUBLIC_BASE_URL"] = True, live_server.url
    yield live_server
    config["SIGNING_LIVENESS"], config["PUBLIC_BASE_URL"] = before


def test_a_party_passes_the_liveness_check_then_signs(liveness_on, sandbox, browser):
    live_server = liveness_on
    payload = with_own_phones(example_payload())
    created = requests.post(live_server.url + "/api/v1/applications", json=payload, timeout=90)
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    phone = payload["legal_representative"]["phone"]
    link = sandbox_text(sandbox.url, phone, rf"申请{number}.*?(https?://\S+/sign/[A-Za-z0-9_\-]+)", wait=60)
    context = browser.new_context(**PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + link[link.index("/sign/"):])
        expect(page.locator("#sign-id_number-hint")).to_contain_text("活体检测")
        page.fill("#sign-id_number", "420324199001011235")
        page.click("#sign-step-1 button[type=submit]")
        expect(page.locator("#sign-liveness")).to_contain_text("身份核验已通过")
        page.screenshot(path=str(SHOTS / "liveness-go.png"), full_page=True)
        page.click("#sign-liveness-go")
        expect(page.locator("#liveness-pass")).to_be_visible()
        assert page.url.startswith(sandbox.url + "/_sandbox/liveness/")
        page.screenshot(path=str(SHOTS / "liveness-provider.png"), full_page=True)
        page.click("#liveness-pass")
        expect(page.locator("#sign-sent")).to_contain_text(phone[:3] + "****" + phone[-4:])
        page.screenshot(path=str(SHOTS / "liveness-back-code-sent.png"), full_page=True)
        fits_the_phone(page)
        code = sandbox_text(sandbox.url, phone, r"验证码\D{0,8}(\d{6})", wait=30)
        page.fill("#sign-sms_code", code)
        page.click("#sign-submit")
        expect(page.locator("#sign-result")).to_have_attribute("data-state", "signed")
    finally:
        context.close()
