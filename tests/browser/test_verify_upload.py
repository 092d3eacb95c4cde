"""Anyone verifying, in the browser: the register's facts on /verify/<uscc>, and the upload box's
answers — no file chosen, a photo instead of the PDF, a file over the limit, the real licence (named,
with its registry status now) and, after revocation, the same file said to be revoked."""

import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.issuance.links import verify_url
from app.models import Document
from tests.factories import ready_application

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/kaiban-shots")


def finished_licence(app, folder: Path) -> dict:
    """A finished application's licence file and facts; in a thread, as pyHanko cannot sign inside
    Playwright's event loop."""
    finished = {}

    def finish() -> None:
        with app.app_context():
            application = ready_application()
            (folder / "licence.pdf").write_bytes(db.session.scalar(select(Document.content).where(
                Document.application_id == application.id, Document.kind == "business_license")))
            finished.update(uscc=application.uscc, name=application.company_name, link=verify_url(application.uscc),
                            representative=application.form["legal_representative"]["name"])

    worker = threading.Thread(target=finish)
    worker.start()
    worker.join(60)
    return finished


def submit(page, path: Path | None = None) -> None:
    if path is not None:
        page.set_input_files("#licence-file", str(path))
    page.locator("form.verify-upload button[type=submit]").click()
    page.wait_for_load_state()


def test_anyone_verifies_a_licence_and_the_upload_box_says_what_went_wrong(app, served, browser_page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    app.config["PUBLIC_BASE_URL"] = served
    licence = finished_licence(app, tmp_path)
    page = browser_page

    page.goto(licence["link"])
    facts = page.locator("#licence-facts")
    expect(facts).to_contain_text(licence["representative"])
    expect(facts).to_contain_text("1,000,000元（壹佰万元整）")
    expect(page.locator("#licence-registry-status")).to_have_text("存续（在营、开业、在册）")
    page.screenshot(path=SHOTS / "verify-register.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # most people scan the QR code with a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    page.screenshot(path=SHOTS / "verify-register-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    submit(page)  # nothing chosen: the server's Chinese message, not the browser's own bubble
    expect(page.locator("#error-summary")).to_contain_text("请选择要核验的营业执照PDF文件")
    page.locator("#error-summary a").click()
    expect(page.locator("#licence-file")).to_be_focused()

    photo = tmp_path / "执照照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(2048))
    submit(page, photo)
    expect(page.locator("#licence-file-error")).to_contain_text("所选文件不是PDF文件")
    expect(page.locator("#upload-result")).to_have_count(0)
    page.screenshot(path=SHOTS / "verify-upload-not-pdf.png", full_page=True)

    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.7\n" + bytes(app.config["VERIFY_UPLOAD_MAX_BYTES"] + 1024))
    submit(page, big)
    expect(page.locator("#error-summary")).to_contain_text(f"文件超过 {app.config['VERIFY_UPLOAD_MAX_BYTES'] // 1024} KB")
    expect(page.locator("#licence-file")).to_be_visible()  # the box again, to choose the right file
    page.screenshot(path=SHOTS / "verify-upload-too-large.png", full_page=True)

    submit(page, tmp_path / "licence.pdf")
    company = page.locator("#upload-company")
    expect(company).to_contain_text(f"这是 {licence['name']} 的电子营业执照")
    expect(company).to_have_attribute("data-registry-status", "active")
    page.screenshot(path=SHOTS / "verify-upload-named.png", full_page=True)

    result = app.test_cli_runner().invoke(args=["licence", "revoke", licence["uscc"], "--reason", "通过登记的住所无法联系"])
    assert result.exit_code == 0, result.output
    submit(page, tmp_path / "licence.pdf")
    expect(company).to_have_attribute("data-registry-status", "revoked")
    expect(company).to_contain_text("吊销，未注销")
    page.screenshot(path=SHOTS / "verify-upload-revoked.png", full_page=True)
    company.get_by_role("link", name="查看该企业的登记信息").click()
    expect(page.locator("#licence-status")).to_have_attribute("data-status", "revoked")
