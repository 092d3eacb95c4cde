"""The tracking page as the applicant sees it, on a laptop and a phone: the seal step waits for them
and the 印模确认 done on another device shows up without a reload, as does a 容缺 promise a clerk
records and a supervisor's answer (what the applicant was typing meanwhile is kept); the bundle's
badge says ZIP; what to expect (hours, why the due time, where to collect, what to bring, tel:
links); the header's 查进度 and 核验执照."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.applications.tokens import application_token
from app.desk.operations import answer_report, report_cannot_get_done
from app.extensions import db
from app.issuance.operations import confirm_impressions
from app.messages.queries import application_by_number
from app.models import CannotGetDoneReport, DocumentPromise, SealVoucher
from app.models.types import utcnow
from app.timefmt import today_in_shanghai
from tests.factories import ready_application

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("stack", ["embedded"], indirect=True)]
SHOTS = Path("/tmp/kaiban-shots")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# A ready application's page asks every 15 s (static/track.js SETTLED_INTERVAL_MS); a little more for the fetch.
SETTLED_WAIT_MS = 25000


def ready(app, **changes) -> tuple[str, str]:
    """A ready application with one 办不成事 report; (number, the tracking link's token)."""
    with app.app_context():
        application = ready_application(**changes)
        report_cannot_get_done(application, "发票专用章什么时候能刻好？")
        db.session.commit()
        return application.number, application_token(application, app.config["SECRET_KEY"])


def test_the_page_follows_the_seals_the_promise_and_the_answer_without_a_reload(live_server, browser_page):
    SHOTS.mkdir(exist_ok=True)
    app, served = live_server.app, live_server.url
    number, token = ready(app)
    page = browser_page
    page.goto(f"{served}/track/{number}?t={token}")
    seal_step = page.locator("li[data-step='seal_carving']")
    expect(seal_step).to_have_class("step step--waiting")
    expect(seal_step.locator(".step__status")).to_have_text("等待您确认印模")
    expect(page.locator("#seals-confirm")).to_be_visible()
    expect(page.locator("a.document[data-kind='bundle']")).to_have_attribute("data-format", "zip")
    badge = page.locator("a.document[data-kind='bundle']").evaluate(
        "a => getComputedStyle(a, '::before').content")
    assert badge == '"ZIP"'
    assert page.locator("a.document[data-kind='business_license']").evaluate(
        "a => getComputedStyle(a, '::before').content") == '"PDF"'
    expect(page.locator("header nav.masthead__nav a")).to_have_text(["查进度", "核验执照"])
    expect(page.locator("#track-follow-up")).to_have_count(0)
    page.screenshot(path=SHOTS / "track-live-before.png", full_page=True)

    # The applicant types a follow-up question while, elsewhere, the impressions are confirmed (on their
    # phone), a clerk records a 容缺 promise and a supervisor answers the report.
    page.locator("#desk-report summary").click()
    page.locator("#desk-report-body").fill("谢谢，另外想问发票领用")
    with app.app_context():
        application = application_by_number(number)
        confirm_impressions(db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application.id)))
        db.session.add(DocumentPromise(application_id=application.id, promised_document="房屋租赁合同原件",
                                       promised_by=today_in_shanghai() + timedelta(days=2), accepted_by="窗口一",
                                       accepted_at=utcnow()))
        report = db.session.scalar(select(CannotGetDoneReport).where(CannotGetDoneReport.application_id == application.id))
        answer_report(report, "明天上午可刻好，届时短信通知。", "值班负责人")
        db.session.commit()

    expect(page.locator("#seals-confirmed")).to_be_visible(timeout=SETTLED_WAIT_MS)
    expect(seal_step).to_have_class("step step--done")
    expect(seal_step.locator(".step__status")).to_have_text("已确认印模")
    expect(page.locator("#track-follow-up")).to_contain_text("房屋租赁合同原件")
    expect(page.locator("#track-follow-up")).to_contain_text("待补交")
    expect(page.locator("#desk-report .desk-report__answer-text")).to_have_text("明天上午可刻好，届时短信通知。")
    expect(page.locator("#desk-report-body")).to_have_value("谢谢，另外想问发票领用")  # kept across the redraw
    expect(page.locator("#desk-report details")).to_have_attribute("open", "")
    page.screenshot(path=SHOTS / "track-live-after.png", full_page=True)


def test_what_to_expect_on_a_phone(live_server, browser):
    SHOTS.mkdir(exist_ok=True)
    app, served = live_server.app, live_server.url
    number, token = ready(app, delivery={"method": "window"})
    context = browser.new_context(**PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{served}/track/{number}?t={token}")
        expect(page.locator("#expect-hours")).to_contain_text("09:00–12:00、13:30–17:30")
        expect(page.locator("#expect-clock")).to_contain_text("受理")
        expect(page.locator("#expect-window")).to_contain_text(app.config["CENTRE_ADDRESS"])
        expect(page.locator("#expect-bring")).to_contain_text("身份证原件")
        expect(page.locator("#expect-phone")).to_have_attribute("href", f"tel:{app.config['CENTRE_PHONE']}")
        expect(page.locator("header nav.masthead__nav a").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
        page.locator("#track-expect").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "track-expect-phone.png", full_page=True)
        page.locator("header nav.masthead__nav a", has_text="查进度").click()
        expect(page).to_have_url(f"{served}/track")
        page.screenshot(path=SHOTS / "track-lookup-phone.png")
    finally:
        context.close()
