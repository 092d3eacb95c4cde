"""A seal shop on a phone: the voucher's QR address opened in the browser leads to the shop's sign-in
and then to the voucher; redeem once, see the impressions (each with a name a screen reader reads),
mark carved; a second shop is told when and by whom. The camera button appears and its scanner
loads under the CSP; the code is typed (Playwright has no camera to point at a QR code)."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.issuance.operations import confirm_impressions
from app.models import SealVoucher
from tests.factories import create_seal_shop, ready_application

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MIN_TARGET_PX = 44


class Phones:
    """Phone-sized, touch pages, each with its own cookies; every console line is kept for the CSP check."""

    def __init__(self, browser: Browser) -> None:
        self.browser, self.contexts, self.console = browser, [], []

    def new(self) -> Page:
        context = self.browser.new_context(**PHONE, locale="zh-CN")
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self.console.append(message.text))
        return page


@pytest.fixture
def phones(browser) -> Iterator[Phones]:
    made = Phones(browser)
    yield made
    for context in made.contexts:
        context.close()
    refused = [text for text in made.console if "Content Security Policy" in text]
    assert not refused, refused


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    for target in page.locator("main button:visible").all():
        box = target.bounding_box()
        assert box and box["height"] >= MIN_TARGET_PX, (target.inner_text(), box)


def issued_voucher(app) -> tuple[str, str]:
    with app.app_context():
        application = ready_application()
        code = db.session.scalar(select(SealVoucher.code).where(SealVoucher.application_id == application.id))
        return code, application.company_name


def test_a_seal_shop_redeems_a_voucher_on_a_phone(live_server, phones):
    app = live_server.app
    code, company = issued_voucher(app)
    with app.app_context():
        first_key, second_key = create_seal_shop("竹溪县诚信刻章店"), create_seal_shop("竹溪县老街刻章店")

    # The QR code holds the API's redeem address; a phone's camera app opens it in the browser.
    page = phones.new()
    page.goto(f"{live_server.url}/api/v1/seal-vouchers/{code}/redeem")
    expect(page).to_have_url(f"{live_server.url}/shop/sign-in?code={code}")
    expect(page.locator("#sign-in-for")).to_contain_text(code)
    page.locator("#key").fill("ssk_wrong")
    page.locator("#sign-in").click()
    expect(page.locator("#error-summary")).to_contain_text("店铺密钥不正确或已停用")
    page.screenshot(path=SHOTS / "shop-sign-in-refused.png", full_page=True)
    page.locator("#key").fill(first_key)
    page.locator("#sign-in").click()

    expect(page).to_have_url(f"{live_server.url}/shop/vouchers/{code}")
    expect(page.locator("#company-name")).to_have_text(company)
    expect(page.locator("#voucher-state")).to_have_text("未核销")
    expect(page.locator("#seal-list")).to_contain_text("公章")
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "shop-voucher-before.png", full_page=True)

    page.locator("#redeem").click()
    expect(page.locator("#shop-message")).to_contain_text("核销成功")
    expect(page.locator("#voucher-state")).to_have_text("本店已核销，待刻制")
    official = page.get_by_role("img", name=f"公章：{company}")
    expect(official).to_be_visible()
    expect(page.get_by_role("img", name=f"发票专用章：{company}")).to_be_visible()
    assert page.locator("#impressions svg[role=img]").count() == 3
    expect(page.locator("#not-confirmed")).to_be_visible()
    fits_the_phone(page)
    page.screenshot(path=SHOTS / "shop-voucher-redeemed.png", full_page=True)

    # A second shop, on another phone: the scan page offers the camera, the code is typed.
    other = phones.new()
    other.goto(live_server.url + "/shop/")
    expect(other).to_have_url(re.compile(r"/shop/sign-in"))
    other.locator("#key").fill(second_key)
    other.locator("#sign-in").click()
    expect(other).to_have_url(live_server.url + "/shop/")
    expect(other.locator("#shop-name")).to_have_text("竹溪县老街刻章店")
    camera = other.get_by_role("button", name="用摄像头扫描二维码")
    expect(camera).to_be_visible()  # shown by static/scan.js once the vendored reader has loaded
    assert other.evaluate("typeof window.ZXingBrowser.BrowserQRCodeReader") == "function"
    fits_the_phone(other)
    other.screenshot(path=SHOTS / "shop-scan.png", full_page=True)
    other.locator("#code").fill(code.replace("-", "").lower())
    other.locator("#open-voucher").click()
    expect(other).to_have_url(f"{live_server.url}/shop/vouchers/{code}")
    expect(other.locator("#taken")).to_contain_text(re.compile(
        r"该凭证已于 \d{4}-\d\d-\d\d \d\d:\d\d 由 竹溪县诚信刻章店 核销，不能重复使用"))
    assert other.locator("#redeem").count() == 0 and other.locator("svg[role=img]").count() == 0
    other.screenshot(path=SHOTS / "shop-voucher-taken.png", full_page=True)

    # The applicant confirms the impressions on the tracking page; the first shop marks the seals carved.
    with app.app_context():
        confirm_impressions(db.session.scalar(select(SealVoucher).where(SealVoucher.code == code)))
        db.session.commit()
    page.reload()
    page.locator("#mark-carved").click()
    expect(page.locator("#shop-message")).to_contain_text("已标记刻制完成")
    expect(page.locator("#carved")).to_contain_text("标记刻制完成")
    expect(page.locator("#voucher-state")).to_have_text("本店已刻制完成")
    page.screenshot(path=SHOTS / "shop-voucher-carved.png", full_page=True)
    with app.app_context():
        assert db.session.scalar(select(SealVoucher.carved_at).where(SealVoucher.code == code)) is not None
