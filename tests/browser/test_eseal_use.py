"""The legal representative stamps a contract on a phone: the form (seal, file, page, place), the SMS code,
the download; the downloaded file verifies on /verify with the company and the seal named, and its
impression is where it was placed. Screenshots of each page."""

import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.applications.tokens import application_token
from app.eseals.authority import seal_ca
from app.eseals.checks import seal_signatures
from app.extensions import db
from app.models.eseals import SealUse
from app.privacy.values import decrypt_value
from tests.app.eseals.sealed_pdfs import contract_pdf
from tests.app.eseals.test_issue import issued
from tests.app.eseals.test_stamping import red_box
from tests.app.eseals.test_use import sent_code
from tests.browser.test_axe import axe_violations
from tests.support.pdf import pdf_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path("/tmp/kaiban-shots")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MIN_TARGET_PX = 44


def issued_in_a_thread(app) -> dict:
    """An issued application with its seals (built off Playwright's event loop, as pyHanko needs)."""
    facts = {}

    def issue() -> None:
        with app.app_context():
            application = issued(app)
            facts.update(number=application.number, company=application.company_name,
                         token=application_token(application, app.config["SECRET_KEY"]),
                         phone=decrypt_value(application.form["legal_representative"]["phone"]))

    worker = threading.Thread(target=issue)
    worker.start()
    worker.join(120)
    return facts


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    for target in page.locator("main button:visible, main a.button:visible").all():
        box = target.bounding_box()
        assert box and box["height"] >= MIN_TARGET_PX, (target.inner_text(), box)


def test_the_legal_representative_stamps_a_contract_on_a_phone(app, served, browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    facts = issued_in_a_thread(app)
    number = facts["number"]
    masked = f"{facts['phone'][:3]}****{facts['phone'][-4:]}"
    context = browser.new_context(locale="zh-CN", accept_downloads=True, **PHONE)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    try:
        page.goto(f"{served}/track/{number}?t={facts['token']}")
        page.goto(f"{served}/track/{number}/eseals/use")
        expect(page.locator("h1")).to_have_text(facts["company"])
        expect(page.locator("#position-bottom-right")).to_be_checked()
        # nothing chosen: the errors say what to do, at the top
        page.get_by_role("button", name="下一步：发送验证码").tap()
        expect(page.locator("#error-summary")).to_contain_text("请选择要使用的电子印章")
        expect(page.locator("#error-summary")).to_contain_text("请选择要盖章的PDF文件")
        fits_the_phone(page)

        page.locator("label[for='kind-official']").tap()
        page.locator("#pdf").set_input_files(files=[{"name": "采购合同.pdf", "mimeType": "application/pdf",
                                                     "buffer": contract_pdf()}])
        page.locator("#page").fill("1")
        page.locator("label[for='position-bottom-left']").tap()
        expect(page.locator("#position-bottom-left")).to_be_checked()
        fits_the_phone(page)
        assert axe_violations(page) == []
        page.screenshot(path=SHOTS / "eseal-use-1-form.png", full_page=True)
        page.get_by_role("button", name="下一步：发送验证码").tap()

        expect(page.locator("#code-sent")).to_have_text(f"验证码已发送至法定代表人手机 {masked}")
        assert facts["phone"] not in page.content()
        use_id = int(re.search(r"/eseals/uses/(\d+)$", page.url).group(1))
        with app.app_context():
            code = sent_code(db.session.get(SealUse, use_id))
        page.locator("#code").fill(f"{(int(code) + 1) % 1_000_000:06d}")
        page.get_by_role("button", name="确认盖章").tap()
        expect(page.locator("#use-error")).to_contain_text("验证码不正确")
        fits_the_phone(page)
        assert axe_violations(page) == []
        page.screenshot(path=SHOTS / "eseal-use-2-code.png", full_page=True)
        page.locator("#code").fill(code)
        page.get_by_role("button", name="确认盖章").tap()

        expect(page.locator("#use-done")).to_contain_text("已加盖电子印章")
        fits_the_phone(page)
        assert axe_violations(page) == []
        page.screenshot(path=SHOTS / "eseal-use-3-done.png", full_page=True)
        with page.expect_download() as downloading:
            page.locator("#download-signed").tap()
        download = downloading.value
        assert download.suggested_filename == "采购合同-已盖章.pdf"
        saved = tmp_path / "signed.pdf"
        download.save_as(saved)
        signed = saved.read_bytes()

        with app.app_context():
            [check] = seal_signatures(signed, seal_ca().certificate)
        assert check.valid and check.company == facts["company"]
        [rendered] = pdf_pages(signed, tmp_path, dpi=60)
        rendered.save(SHOTS / "eseal-use-4-stamped-page.png")
        left, bottom, right, top = red_box(rendered, 60)
        assert ((left + right) / 2, (bottom + top) / 2) == pytest.approx((35, 35), abs=1.5)  # bottom left

        page.locator("#verify-link").tap()
        page.locator("#licence-file").set_input_files(str(saved))
        page.get_by_role("button", name="核验文件").tap()
        result = page.locator(".eseal-signature")
        expect(result).to_have_attribute("data-state", "valid")
        expect(result).to_contain_text(facts["company"])
        expect(result).to_contain_text("公章")
        page.screenshot(path=SHOTS / "eseal-use-5-verified.png", full_page=True)
        assert not refused, refused
    finally:
        context.close()
