"""The clerk's journey (issue 11): sign in once, a queue that uses a wide screen, a window pickup handed
over and found again by the applicant's name, the print job, an overdue 容缺受理 promise flagged, a
confirmed 不予受理 before the licence is made, and print styles — at 1600×900 and 1280×800."""

import secrets
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Application, DocumentPromise, Role
from app.timefmt import today_in_shanghai
from devstack.stack import wait_until
from tests.browser.walk_in import fill_walk_in
from tests.factories import PASSWORD, create_user, example_payload, sign_with_client, unique_trade_name

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)
SCREENS = ((1600, 900), (1280, 800))
REFUSING_ADDRESS = "湖北省十堰市竹溪县城关镇税务退回路1号"  # the sandbox tax office refuses it


def status_of(app, number: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Application.status).where(Application.number == number))


def file_signed(app, client, **changes) -> str:
    payload = example_payload()
    for section, value in changes.items():
        payload[section] = value
    number = client.post("/api/v1/applications", json=payload).get_json()["number"]
    sign_with_client(client, app, number)
    return number


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/clerk/")
    expect(page.locator(".login__why")).to_have_text("请先登录")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#queue")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("请先登录")


LINES = "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }"


def assert_uses_the_width(page: Page, width: int) -> None:
    """No sideways scrolling, the table in the page, and every date and time on one line."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("#queue").bounding_box()
    assert table["x"] + table["width"] <= width
    dates = page.locator("#queue tbody .nowrap").all()
    assert len(dates) >= 2
    for date_text in dates:
        assert date_text.evaluate(LINES) == 1, date_text.inner_text()


def print_to_png(page: Page, name: str) -> Path:
    """The page as the printer gets it: a PDF from Chromium, its first page rendered to look at."""
    pdf = SHOTS / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(SHOTS / name)], check=True)
    return pdf


def test_the_clerks_journey(live_server, browser):
    app, client, base = live_server.app, live_server.app.test_client(), live_server.url
    person = {"name": "欧阳" + secrets.choice("明晓思若") + secrets.choice("远航宁安"),
              **{k: v for k, v in example_payload()["legal_representative"].items() if k != "name"}}
    holder = example_payload()["shareholders"][0] | {"name": person["name"]}
    window = file_signed(app, client, delivery={"method": "window"}, legal_representative=person,
                         shareholders=[holder, example_payload()["shareholders"][1]])
    courier = file_signed(app, client)
    refused = file_signed(app, client, address=REFUSING_ADDRESS)
    username = "clerk-" + secrets.token_hex(3)
    with app.app_context():
        create_user(username, Role.CLERK, "窗口丙")
    wait_until(lambda: status_of(app, window) == status_of(app, courier) == "ready_for_issue", 120,
               message="ready")
    wait_until(lambda: status_of(app, refused) == "needs_review", 60, message="tax refusal")

    for width, height in SCREENS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        sign_in(page, base, username)
        page.locator("#status").select_option("ready_for_issue")
        page.get_by_role("button", name="筛选").click()
        expect(page.locator(f'[data-number="{window}"]')).to_be_visible()
        assert_uses_the_width(page, width)
        page.screenshot(path=SHOTS / f"clerk-journey-queue-{width}.png", full_page=True)
        context.close()

    page = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN").new_page()
    sign_in(page, base, username)

    # A window pickup: no courier booking among its steps; the print job is one click away.
    page.goto(f"{base}/clerk/applications/{window}")
    expect(page.locator('[data-step="registration"]')).to_be_visible()
    expect(page.locator('[data-step="shipment"]')).to_have_count(0)
    expect(page.locator("#steps")).not_to_contain_text("证照邮寄下单")
    expect(page.locator("#reject-form")).to_have_count(0)  # 待发放: too late to refuse
    printed = page.request.get(base + page.locator("#print-job").get_attribute("href"))
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
    page.screenshot(path=SHOTS / "clerk-journey-window-pickup.png", full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".clerk-nav")).to_be_hidden()
    expect(page.locator("#hand-over-form")).to_be_hidden()
    page.screenshot(path=SHOTS / "clerk-journey-application-print.png", full_page=True)
    print_to_png(page, "clerk-journey-application-print")
    page.emulate_media(media="screen")
    page.locator("#hand-over-note").fill("法定代表人本人持身份证领取")
    page.get_by_role("button", name="确认已发放").click()
    expect(page.locator("#app-status")).to_have_attribute("data-status", "issued")

    # Handed over, it is still found: by the applicant's name, and by choosing its state.
    page.goto(base + "/clerk/")
    expect(page.locator(f'[data-number="{window}"]')).to_have_count(0)  # the open queue is the work to do
    page.locator("#q").fill(person["name"])
    page.get_by_role("button", name="筛选").click()
    expect(page.locator(f'[data-number="{window}"]')).to_contain_text("已发放")
    page.locator("#q").fill("")
    page.locator("#status").select_option("issued")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator(f'[data-number="{window}"]')).to_be_visible()
    page.screenshot(path=SHOTS / "clerk-journey-issued-found.png", full_page=True)

    # 容缺受理 on the refused one, then the promised day passes with nothing brought in.
    page.goto(f"{base}/clerk/applications/{refused}")
    expect(page.locator("#app-status-note")).to_contain_text("税务登记与发票申领：")
    expect(page.locator("main")).not_to_contain_text("tax_registration")
    expect(page.locator("#audit")).to_contain_text("部门退回，转窗口审核")
    promise_form = page.locator("#promise-form")
    promise_form.locator("#document").fill("房屋租赁合同原件")
    promise_form.locator("#promised_by").fill(today_in_shanghai().isoformat())
    promise_form.locator("#promise-note").fill("申请人承诺补交")
    promise_form.get_by_role("button", name="容缺受理").click()
    expect(page.locator(".clerk-flash")).to_contain_text("已容缺受理")
    with app.app_context():  # the promised day goes by
        promise = db.session.scalar(select(DocumentPromise).join(Application).where(Application.number == refused))
        promise.promised_by = today_in_shanghai() - timedelta(days=1)
        db.session.commit()
        promise_id = promise.id
    wait_until(lambda: status_of(app, refused) == "needs_review", 60, message="refused again")
    page.goto(f"{base}/clerk/applications/{refused}")
    expect(page.locator("#promise-overdue")).to_be_visible()
    expect(page.locator(f'[data-promise="{promise_id}"]')).to_contain_text("已逾期未补交")
    page.goto(base + "/clerk/")
    expect(page.locator(f'[data-number="{refused}"] .promise-flag')).to_have_text("容缺材料逾期未补交")
    page.screenshot(path=SHOTS / "clerk-journey-promise-overdue.png", full_page=True)

    # 不予受理 asks first: the browser holds the form until the box is ticked.
    page.goto(f"{base}/clerk/applications/{refused}")
    reject = page.locator("#reject-form")
    reject.locator("#reject-note").fill("经营地址无法核实，申请人未能补交租赁合同")
    reject.get_by_role("button", name="确认不予受理").click()
    assert reject.locator("#reject-confirm").evaluate("box => !box.validity.valid")
    expect(page.locator("#app-status")).to_have_attribute("data-status", "needs_review")
    page.screenshot(path=SHOTS / "clerk-journey-reject-confirm.png", full_page=True)
    reject.locator("#reject-confirm").check()
    reject.get_by_role("button", name="确认不予受理").click()
    expect(page.locator("#app-status")).to_have_attribute("data-status", "rejected")
    expect(page.locator("#reject-form")).to_have_count(0)

    # The walk-in's slip prints on its own, without the window around it.
    page.goto(base + "/clerk/assisted")
    fill_walk_in(page, unique_trade_name())
    page.get_by_role("button", name="提交并打印回执").click()
    expect(page.locator("#slip")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".clerk-nav")).to_be_hidden()
    expect(page.locator(".slip-actions")).to_be_hidden()
    page.screenshot(path=SHOTS / "clerk-journey-slip-print.png", full_page=True)
    print_to_png(page, "clerk-journey-slip-print")
    page.context.close()
