"""The applicant confirms the seal impressions; anyone verifies a licence by QR link and by upload."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from app.applications.tokens import access_token
from app.extensions import db
from app.issuance.links import verify_url
from app.models import Document
from tests.factories import ready_application

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/kaiban-shots")


def test_impressions_confirmed_and_licence_verified_in_the_browser(app, served, browser_page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    app.config["PUBLIC_BASE_URL"] = served
    finished = {}

    def finish() -> None:
        with app.app_context():
            application = ready_application()
            finished.update(number=application.number, name=application.company_name,
                            qr_link=verify_url(application.uscc),
                            licence=db.session.scalar(select(Document.content).where(
                                Document.application_id == application.id, Document.kind == "business_license")))

    # pyHanko signs through asyncio.run, which refuses to run inside Playwright's event loop.
    worker = threading.Thread(target=finish)
    worker.start()
    worker.join(60)
    number, name, qr_link, licence = (finished[k] for k in ("number", "name", "qr_link", "licence"))
    page = browser_page
    # The link as texted: exchanged for the tracking cookie, then the clean address.
    page.goto(f"{served}/track/{number}?t={access_token(number, app.config['SECRET_KEY'], 0)}")
    assert page.url == f"{served}/track/{number}"
    impressions = page.locator("svg.seal-impression")
    assert impressions.count() == 3
    box = impressions.first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    page.locator("#seals").screenshot(path=str(SHOTS / "issuance-impressions.png"))
    page.click("#seals-confirm")
    page.wait_for_selector("#seals-confirmed")

    page.goto(qr_link)
    assert page.locator("#qr-signature").get_attribute("data-state") == "valid"
    assert page.locator("#licence-status").get_attribute("data-status") == "valid"
    assert name in page.content()
    (tmp_path / "licence.pdf").write_bytes(licence)
    page.set_input_files("#licence-file", str(tmp_path / "licence.pdf"))
    page.click("form.verify-upload button[type=submit]")
    page.wait_for_selector("#upload-result")
    assert page.locator("#upload-result").get_attribute("data-valid") == "true"
    assert page.locator("#demo-key").is_visible()
    page.screenshot(path=str(SHOTS / "issuance-verify-upload.png"), full_page=True)

    page.goto(qr_link.split("?")[0] + "?s=forgedsig1")
    assert "二维码签名不符，可能是伪造的二维码" in page.locator("#qr-signature").inner_text()
    page.screenshot(path=str(SHOTS / "issuance-verify-forged.png"), full_page=True)
