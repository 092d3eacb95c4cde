"""帮代办 in the browser: a clerk files for a walk-in applicant and prints the slip; the tracking link goes to the
applicant's phone, and the slip's QR leads to the page that sends it again."""

import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, Role
from tests.browser.walk_in import fill_walk_in
from tests.factories import PASSWORD, ensure_user, sign_with_client, unique_trade_name

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)
def test_a_clerk_files_for_a_walk_in_applicant_and_prints_the_slip(live_server, browser_page):
    with live_server.app.app_context():
        ensure_user("window-clerk", Role.CLERK, "王窗口")
    page = browser_page
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page.goto(live_server.url + "/login?next=/clerk/assisted")
    page.locator("#username").fill("window-clerk")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/clerk/assisted")
    expect(page.locator("h1")).to_contain_text("帮代办")

    trade_name = unique_trade_name()
    fill_walk_in(page, trade_name)
    page.screenshot(path=SHOTS / "assisted-form.png", full_page=True)
    page.get_by_role("button", name="提交并打印回执").click()
    page.wait_for_url("**/slip", timeout=90_000)  # the embedded backend shares SQLite with a busy worker

    company = f"竹溪县{trade_name}科技有限公司"
    expect(page.locator("#slip-company")).to_have_text(company)
    number = page.locator("#slip-number").inner_text()
    with live_server.app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        token = application_token(application, live_server.app.config["SECRET_KEY"])
    assert token not in page.content() and page.locator("#slip-token").count() == 0  # staff never see it
    link = page.locator("#slip-link").inner_text()
    assert link.endswith("/track")
    # The walk-in's draft does not stay behind on the window's computer.
    assert page.evaluate("window.localStorage.getItem('kaiban-assisted-draft')") is None
    page.get_by_role("button", name="打印回执").click()
    assert page.evaluate("window.__printed") == 1
    page.screenshot(path=SHOTS / "assisted-slip-screen.png", full_page=True)

    page.emulate_media(media="print")
    expect(page.locator(".clerk-nav")).to_be_hidden()
    expect(page.locator(".slip-actions")).to_be_hidden()
    shot = SHOTS / "assisted-slip-print.png"
    page.locator("#slip").screenshot(path=shot)
    decoded = zxingcpp.read_barcodes(Image.open(shot))
    assert [code.text for code in decoded] == [link]
    pdf = page.pdf(format="A5", print_background=True)
    (SHOTS / "assisted-slip.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1  # the slip fits one A5 sheet

    applicant = page.context.browser.new_context().new_page()  # the applicant's own phone, opening the SMS link
    applicant.goto(f"{live_server.url}/track/{number}?t={token}")
    assert applicant.url == f"{live_server.url}/track/{number}"
    expect(applicant.locator("h1")).to_have_text(company)
    expect(applicant.locator("#track-number")).to_have_text(number)
    applicant.screenshot(path=SHOTS / "assisted-tracking.png", full_page=True)

    # Once the walk-in has signed (受理), the filing counts as a window one in the statistics.
    sign_with_client(live_server.app.test_client(), live_server.app, number)
    page.emulate_media(media="screen")
    page.goto(live_server.url + "/clerk/stats")
    expect(page.locator("#stats-cards")).to_be_visible()
    today_window_bar = page.locator("svg.chart").first.locator("rect[fill='#f47738']").last
    expect(today_window_bar.locator("title")).to_contain_text("窗口帮代办")
    page.screenshot(path=SHOTS / "clerk-stats.png", full_page=True)
