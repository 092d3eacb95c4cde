"""电子印章 on the tracking page, on a phone: every impression loads, the serials wrap instead of widening the
page, each valid seal has its 「使用电子印章盖章」 button and a revoked one says so; a screenshot of the part."""

import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.applications.tokens import application_token
from app.eseals.issue import issue_electronic_seals, seals_of
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.models import Role
from tests.factories import create_user, ready_application

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/kaiban-shots")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def issued_with_one_revoked(app) -> tuple[str, str]:
    """A ready application with its electronic seals, the 财务专用章 revoked: (number, token)."""
    finished = {}

    def finish() -> None:
        with app.app_context():
            application = ready_application()
            issue_electronic_seals(application)
            finance = next(seal for seal in seals_of(application) if seal.kind == "finance")
            revoke_seal(finance, create_user("clerk-shot", Role.CLERK), "财务专用章密钥遗失")
            db.session.commit()
            finished.update(number=application.number, token=application_token(application, app.config["SECRET_KEY"]))

    # pyHanko signs through asyncio.run, which refuses to run inside Playwright's event loop.
    worker = threading.Thread(target=finish)
    worker.start()
    worker.join(90)
    return finished["number"], finished["token"]


def test_the_seal_part_on_a_phone(app, served, browser):
    SHOTS.mkdir(exist_ok=True)
    number, token = issued_with_one_revoked(app)
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    try:
        page.goto(f"{served}/track/{number}?t={token}")
        part = page.locator("#eseals")
        expect(part).to_be_visible()
        part.scroll_into_view_if_needed()
        items = part.locator("li[data-kind]")
        expect(items).to_have_count(3)
        images = part.locator("img.eseals__impression")
        for index in range(images.count()):
            image = images.nth(index)
            image.scroll_into_view_if_needed()  # lazy: loaded once near the screen
            image.evaluate("i => i.decode()")  # resolves once the PNG is loaded and decoded
            assert image.evaluate("i => i.naturalWidth") > 100, image.get_attribute("src")
            box = image.bounding_box()
            assert box and box["width"] >= 100 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        expect(part.locator("a.eseals__use")).to_have_count(2)
        expect(part.locator("a.eseals__use").first).to_have_text("使用电子印章盖章")
        revoked = part.locator("li[data-kind='finance']")
        expect(revoked).to_contain_text("已吊销")
        expect(revoked).to_contain_text("财务专用章密钥遗失")
        for serial in part.locator(".eseals__serial").all():
            box = serial.bounding_box()
            assert box and box["x"] + box["width"] <= 390  # the 40 hex digits wrap
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.evaluate("window.scrollTo(0, 0)")
        part.screenshot(path=str(SHOTS / "track-eseals-phone.png"))
        assert not refused, refused
    finally:
        context.close()
