"""A clerk signs in, filters the queue, opens an application the tax office refused, and decides."""

import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent, Role, User
from devstack.stack import wait_until
from tests.factories import PASSWORD, create_user, example_payload, sign_with_client

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)


def test_a_clerk_filters_the_queue_and_sends_back_for_correction(live_server, browser_page):
    app, client = live_server.app, live_server.app.test_client()
    payload = example_payload()
    payload["address"] = "湖北省十堰市竹溪县城关镇税务退回路1号"
    number = client.post("/api/v1/applications", json=payload).get_json()["number"]
    sign_with_client(client, app, number)  # every party signs: accepted, the pipeline runs
    username = "clerk-" + secrets.token_hex(3)
    with app.app_context():
        create_user(username, Role.CLERK, "窗口乙")

    def status():
        with app.app_context():
            return db.session.scalar(select(Application.status).where(Application.number == number))
    wait_until(lambda: status() == "needs_review", 60, message="tax refusal")

    page = browser_page
    page.goto(live_server.url + "/clerk/")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2Fclerk%2F")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#queue")).to_be_visible()
    expect(page.locator(".calendar-warning").first).to_contain_text("节假日安排尚未录入")

    page.locator("#status").select_option("needs_review")
    page.locator("#q").fill(number)
    page.get_by_role("button", name="筛选").click()
    rows = page.locator(".queue__row")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".step-chip--needs_review")).to_have_count(1)
    page.screenshot(path=SHOTS / "clerk-queue.png", full_page=True)

    rows.first.locator(".queue__link").click()
    expect(page.locator("#app-status")).to_have_attribute("data-status", "needs_review")
    expect(page.locator('[data-step="tax_registration"]')).to_contain_text("税务机关退回")
    expect(page.locator("#form-lines")).to_contain_text("4203**********1235")
    page.screenshot(path=SHOTS / "clerk-application.png", full_page=True)

    form = page.locator("#correction-form")
    form.locator("#field-address").check()
    form.locator('[id="reason-address"]').fill("税务部门无法核实该地址，请填写实际经营地址")
    form.locator("#correction-note").fill("生产经营地址无法核实")
    form.get_by_role("button", name="通知补正并暂停计时").click()

    expect(page.locator("#app-status")).to_have_attribute("data-status", "awaiting_correction")
    expect(page.locator("#app-paused")).to_contain_text("已暂停计时：生产经营地址无法核实")
    expect(page.locator("#open-correction")).to_contain_text("请填写实际经营地址")
    expect(page.locator("#audit")).to_contain_text("窗口乙")
    page.screenshot(path=SHOTS / "clerk-after-correction.png", full_page=True)
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.application_id == application.id)
                                   .order_by(AuditEvent.id.desc())).first()
        clerk_id = db.session.scalar(select(User.id).where(User.username == username))
        assert (event.actor_user_id, event.actor, event.action, event.note) == (
            clerk_id, username, "correction_requested", "生产经营地址无法核实")
