"""现场核验并签署 in the browser: a clerk files 帮代办 for two walk-in parties, then witnesses each at the window.

The code each party types is read from the sandbox's SMS inbox for their own phone, as they would read it.
"""

import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, Role, Signature
from tests.browser.walk_in import fill_walk_in
from tests.factories import EXAMPLE, PASSWORD, ensure_user, sandbox_sms, unique_trade_name

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)
CODE = r"验证码\D{0,8}(\d{6})"
LI_SI = {"name": "李四", "id_number": "420324199202025676"}


def fresh_phone() -> str:
    return f"13{random.randrange(5, 8)}{random.randrange(10**8):08d}"


def witness(page: Page, sandbox_url: str, number: str, position: int, id_number: str, phone: str, shot: str) -> None:
    """The clerk checks the card and types its number; the party types the code from their phone and signs."""
    row = page.locator(f"#signatures tr[data-position='{position}']")
    row.get_by_role("link", name="现场核验并签署").click()
    page.wait_for_url(f"**/clerk/applications/{number}/parties/{position}/witness")
    page.get_by_label("已现场核验签署人本人的居民身份证原件").check()
    page.get_by_label("身份证件号码（按证件原件录入）").fill(id_number)
    page.get_by_role("button", name="核验并发送验证码").click()
    expect(page.locator("#witness-step-2")).to_be_visible(timeout=60_000)
    masked = phone[:3] + "****" + phone[-4:]
    expect(page.locator("#witness-step-2")).to_contain_text(masked)
    page.locator("#witness-sms_code").fill(sandbox_sms(sandbox_url, phone, CODE))
    page.screenshot(path=SHOTS / f"{shot}-code.png", full_page=True)
    page.get_by_role("button", name="确认签署").click()
    page.wait_for_url(f"**/clerk/applications/{number}", timeout=90_000)
    signed = page.locator(f"#signatures tr[data-position='{position}']")
    expect(signed).to_have_attribute("data-status", "signed")
    expect(signed).to_contain_text("现场见证：王窗口")


def test_a_clerk_witnesses_each_party_at_the_window(live_server, sandbox, browser_page):
    with live_server.app.app_context():
        ensure_user("witness-clerk", Role.CLERK, "王窗口")
    page = browser_page
    page.add_init_script("window.print = function () {};")  # the slip's print dialog would wait for a person
    page.goto(live_server.url + "/login?next=/clerk/assisted")
    page.locator("#username").fill("witness-clerk")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/clerk/assisted")

    phones = (fresh_phone(), fresh_phone())
    fill_walk_in(page, unique_trade_name(), phones[0], LI_SI | {"phone": phones[1]})
    page.get_by_role("button", name="提交并打印回执").click()
    page.wait_for_url("**/slip", timeout=90_000)
    number = page.locator("#slip-number").inner_text()

    page.goto(f"{live_server.url}/clerk/?status=awaiting_signatures&q={number}")
    expect(page.locator(f"#queue tr[data-number='{number}']")).to_contain_text("已签署 0/2")
    page.screenshot(path=SHOTS / "witness-queue-awaiting.png", full_page=True)
    page.locator(f"#queue tr[data-number='{number}'] a").click()
    expect(page.locator("#signatures tbody tr")).to_have_count(2)
    page.screenshot(path=SHOTS / "witness-application-before.png", full_page=True)

    # A card not ticked is refused beside the box, and nothing is sent.
    page.locator("#signatures tr[data-position='1']").get_by_role("link", name="现场核验并签署").click()
    page.get_by_label("身份证件号码（按证件原件录入）").fill(EXAMPLE["legal_representative"]["id_number"])
    page.get_by_role("button", name="核验并发送验证码").click()
    expect(page.locator("#witness-id_card_checked-error")).to_contain_text("请先现场核验签署人的身份证原件")
    page.screenshot(path=SHOTS / "witness-refused.png", full_page=True)
    page.goto(f"{live_server.url}/clerk/applications/{number}")

    witness(page, sandbox.url, number, 1, EXAMPLE["legal_representative"]["id_number"], phones[0], "witness-party-1")
    expect(page.locator("#app-status")).to_have_attribute("data-status", ApplicationStatus.AWAITING_SIGNATURES)
    witness(page, sandbox.url, number, 2, LI_SI["id_number"], phones[1], "witness-party-2")
    expect(page.locator("#app-status")).not_to_have_attribute("data-status", ApplicationStatus.AWAITING_SIGNATURES)
    expect(page.locator(".clerk-flash").last).to_contain_text("申请已受理")
    page.screenshot(path=SHOTS / "witness-application-after.png", full_page=True)

    with live_server.app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        witnessed = db.session.scalars(select(Signature.witnessed_by).where(
            Signature.application_id == application.id).order_by(Signature.position)).all()
        assert witnessed == ["王窗口", "王窗口"]
        assert application.accepted_at is not None
