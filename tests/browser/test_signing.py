"""A party signs on a phone: the link from the sandbox's SMS inbox, the 申请书 opened, the ID number
typed, the code read from the inbox, a wrong code first and then the right one, 签署."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from devstack.payloads import sandbox_text, with_own_phones
from tests.factories import example_payload

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MIN_TARGET_PX = 44  # WCAG 2.5.5 / the platforms' guidance for something a thumb taps


@pytest.fixture
def phone_page(browser) -> Iterator[Page]:
    """A fresh page in a phone-sized, touch, mobile window; fails on any Content-Security-Policy refusal."""
    context = browser.new_context(**PHONE, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    yield page
    context.close()
    refused = [text for text in console if "Content Security Policy" in text]
    assert not refused, refused


def fits_the_phone(page: Page) -> None:
    """No horizontal scroll, and every button and link a thumb can hit."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    for target in page.locator("main button:visible, main .document:visible, main summary:visible").all():
        box = target.bounding_box()
        assert box and box["height"] >= MIN_TARGET_PX, (target.inner_text(), box)
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16  # readable without zooming


def test_a_party_signs_from_the_text_on_a_phone(live_server, sandbox, phone_page):
    payload = with_own_phones(example_payload())
    created = requests.post(live_server.url + "/api/v1/applications", json=payload, timeout=90)
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    phone = payload["legal_representative"]["phone"]
    link = sandbox_text(sandbox.url, phone, rf"申请{number}.*?(https?://\S+/sign/[A-Za-z0-9_\-]+)", wait=60)
    path = link[link.index("/sign/"):]  # the SMS names PUBLIC_BASE_URL; this test's server has its own port

    page = phone_page
    page.goto(live_server.url + path)
    expect(page.locator("h1")).to_contain_text(payload["name"]["trade_name"])
    expect(page.locator("#sign-party-name")).to_have_text("张三")
    expect(page.locator("#sign-party-roles")).to_have_text("法定代表人、股东")
    expect(page.locator("main")).to_contain_text(number)
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "sign-1-open.png", full_page=True)

    form_link = page.get_by_role("link", name="登记申请书")
    with page.context.expect_page() as opened:
        form_link.tap()
    document = opened.value
    document.wait_for_load_state()
    pdf = page.context.request.get(live_server.url + form_link.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-") and document.url.endswith("/documents/application_form")
    document.close()

    page.locator("#sign-id_number").tap()
    page.locator("#sign-id_number").fill(payload["legal_representative"]["id_number"][:-1] + "0")
    page.get_by_role("button", name="核验并获取验证码").tap()
    expect(page.locator("#sign-id_number-error")).to_contain_text("身份证件号码与申请中该签署人的不一致")
    expect(page.locator("#error-summary")).to_be_focused()
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "sign-2-wrong-id.png", full_page=True)

    page.locator("#sign-id_number").fill(payload["legal_representative"]["id_number"])
    page.get_by_role("button", name="核验并获取验证码").tap()
    expect(page.locator("#sign-sent")).to_have_text(f"验证码已发送至{phone[:3]}****{phone[-4:]}", timeout=60_000)
    assert "verification" not in page.url and page.url.endswith(path)
    expect(page.locator("#sign-sms_code")).to_be_focused()
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "sign-3-code.png", full_page=True)

    code = sandbox_text(sandbox.url, phone, r"验证码\D{0,8}(\d{6})", wait=60)
    page.locator("#sign-sms_code").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="签署", exact=True).tap()
    expect(page.locator("#sign-sms_code-error")).to_contain_text("验证码不正确")
    page.screenshot(path=SHOTS / "sign-4-wrong-code.png", full_page=True)

    page.locator("summary", has_text="拒绝签署").tap()  # what a decline would do, then not
    expect(page.locator("#sign-reason")).to_be_visible()
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "sign-5-decline-open.png", full_page=True)
    page.locator("summary", has_text="拒绝签署").tap()

    page.locator("#sign-sms_code").fill(code)
    page.get_by_role("button", name="签署", exact=True).tap()
    result = page.locator("#sign-result")
    expect(result).to_have_attribute("data-state", "signed", timeout=90_000)
    expect(result).to_contain_text("签署完成")
    expect(result).to_contain_text("还在等待1位签署人签署：李*")
    expect(page.locator("input")).to_have_count(0)  # no form: the link is used
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "sign-6-signed.png", full_page=True)

    page.get_by_role("link", name="English").tap()
    expect(result).to_contain_text("Signed")
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "sign-7-signed-en.png", full_page=True)
