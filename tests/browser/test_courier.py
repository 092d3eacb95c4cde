"""The courier's day in the browser: sign in, see the pickups, print labels, scan to pick up and deliver."""

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Role, Shipment
from devstack.stack import wait_until
from tests.factories import PASSWORD, ensure_user, example_payload, sign_with_client

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)


def booked_waybill(app, client) -> str:
    """Submit a courier application and wait until the worker has booked its waybill."""
    created = client.post("/api/v1/applications", json=example_payload()).get_json()
    sign_with_client(client, app, created["number"])  # every party signs: accepted, the pipeline runs

    def waybill():
        with app.app_context():
            return db.session.scalar(select(Shipment.waybill_number).join(Application)
                                     .where(Application.number == created["number"]))
    return wait_until(waybill, 60, message=f"waybill of {created['number']}")


def scan(page: Page, waybill: str) -> None:
    """What a barcode scanner does: type into the focused box, then Enter."""
    expect(page.locator("#waybill")).to_be_focused()
    page.keyboard.type(waybill, delay=5)
    page.keyboard.press("Enter")


def test_the_couriers_day(live_server, browser_page, tmp_path):
    app, page = live_server.app, browser_page
    with app.app_context():
        ensure_user("li.courier", Role.COURIER, "李揽收")
    client = app.test_client()
    first, second = booked_waybill(app, client), booked_waybill(app, client)

    page.goto(live_server.url + "/login")
    page.locator("#username").fill("li.courier")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/courier/")
    expect(page.get_by_role("heading", name="今日揽收")).to_be_visible()
    for waybill in (first, second):
        expect(page.locator(f"#parcel-{waybill}")).to_contain_text("待揽收")
    expect(page.locator(f"#parcel-{first}")).to_contain_text("138****0000")
    page.screenshot(path=SHOTS / "courier-pickups.png", full_page=True)

    page.locator(f"#pick-{first}").check()
    page.locator(f"#pick-{second}").check()
    with page.expect_download() as download_info:
        page.locator("#print-labels").click()
    labels = tmp_path / "labels.pdf"
    download_info.value.save_as(labels)
    assert labels.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(labels), str(SHOTS / "courier-label")], check=True)
    label_pages = sorted(SHOTS.glob("courier-label-*.png"))
    assert [result.text for png in label_pages for result in zxingcpp.read_barcodes(Image.open(png))
            if result.format.name == "Code128"] == [first, second]

    page.locator("#waybill").focus()
    scan(page, first)
    expect(page.locator("#scan-message")).to_contain_text(f"{first} 已揽收")
    expect(page.locator(f"#parcel-{first}")).to_contain_text("已揽收")
    expect(page.locator(f"#parcel-{second}")).to_contain_text("待揽收")
    page.screenshot(path=SHOTS / "courier-picked-up.png", full_page=True)

    scan(page, first)  # a second scan of the same parcel is refused, in plain words
    expect(page.locator("#scan-message")).to_contain_text("无需重复扫描")

    page.get_by_label("签收", exact=True).check()
    expect(page.get_by_label("签收人姓名")).to_be_visible()  # 签收 asks who signed
    scan(page, first)
    # The scanner's Enter moves on to the name instead of sending a delivery nobody signed for.
    expect(page.locator("#signed-for")).to_be_focused()
    page.keyboard.type("李四（同事代收）")
    page.keyboard.press("Enter")
    expect(page.locator("#scan-message")).to_contain_text(f"{first} 已签收：李四（同事代收） 签收")
    expect(page.locator(f"#parcel-{first}")).to_contain_text("已签收")
    expect(page.locator(f"#parcel-{first} .signed-for")).to_have_text("李四（同事代收）")
    page.screenshot(path=SHOTS / "courier-delivered.png", full_page=True)

    with app.app_context():
        statuses = dict(db.session.execute(select(Shipment.waybill_number, Application.status).join(Application)
                                           .where(Shipment.waybill_number.in_((first, second)))).all())
    assert statuses == {first: "delivered", second: "ready_for_issue"}


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_the_courier_on_a_phone_has_the_camera_and_types_the_signer(live_server, browser):
    """On a phone: the camera button is offered (its reader loads under the CSP; Playwright has no
    camera to aim), the waybill is typed, and delivery records who signed, shown on the clerk's page."""
    app = live_server.app
    with app.app_context():
        ensure_user("zhou.courier", Role.COURIER, "周揽收")
    waybill = booked_waybill(app, app.test_client())
    context = browser.new_context(**PHONE, locale="zh-CN")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto(live_server.url + "/login")
        page.locator("#username").fill("zhou.courier")
        page.locator("#password").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(live_server.url + "/courier/")
        camera = page.get_by_role("button", name="用摄像头扫描")
        expect(camera).to_be_visible()
        assert page.evaluate("typeof window.ZXingBrowser.BrowserMultiFormatOneDReader") == "function"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=SHOTS / "courier-phone.png", full_page=True)

        page.locator("#waybill").fill(waybill)
        page.locator("#waybill").press("Enter")
        expect(page.locator("#scan-message")).to_contain_text(f"{waybill} 已揽收")
        page.get_by_label("签收", exact=True).check()
        page.locator("#waybill").fill(waybill)
        page.get_by_label("签收人姓名").fill("张三")
        page.get_by_role("button", name="确定").click()
        expect(page.locator("#scan-message")).to_contain_text(f"{waybill} 已签收：张三 签收")
        page.screenshot(path=SHOTS / "courier-phone-delivered.png", full_page=True)
    finally:
        context.close()
    assert not [text for text in console if "Content Security Policy" in text], console

    with app.app_context():
        application = db.session.scalar(select(Application).join(Shipment).where(Shipment.waybill_number == waybill))
        assert application.status == "delivered"
        assert application.status_note == f"已签收，运单号 {waybill}，签收人：张三"  # the clerk's status line
