"""axe-core on the main pages, as a person reaches them: 0 violations on each (issue 11, Accessibility).

The engine is the vendored, pinned axe-core (tests/browser/vendor/axe-core, MPL-2.0), run with its
default rules — WCAG 2.0/2.1 A and AA and axe's best practices — on the rendered page, so colour
contrast, names of controls and the seal impressions' accessible names are checked as Chromium draws
them. It is evaluated through the DevTools protocol, not added as a <script>: the pages keep their
Content-Security-Policy (`script-src 'self'`), and browser_page still fails a test on any CSP refusal.

One site is built for the module (a finished application, one awaiting signatures, staff accounts, a
seal shop) and each page is its own test, so a failure names the page, the rule and the elements.
"""

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from app.applications.tokens import access_token
from app.extensions import db
from app.factory import create_app
from app.issuance.links import verify_url
from app.models import Document, Role, SealVoucher
from config import Testing
from integrations import agency_urls
from tests.factories import (
    PASSWORD,
    create_seal_shop,
    ensure_user,
    filed_application,
    ready_application,
    signing_token,
)

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/kaiban-shots")


@dataclass(frozen=True)
class Site:
    url: str
    number: str
    track_link: str
    verify_link: str
    sign_link: str
    licence: Path
    voucher: str
    carving_company: str
    shop_key: str


def build_site(app, folder: Path) -> dict:
    """Everything the pages need, written once; in a thread of its own, because pyHanko signs through
    asyncio.run and Playwright keeps an event loop running in the main thread."""
    built: dict = {}

    def build() -> None:
        with app.app_context():
            upgrade(revision="heads")
            finished = ready_application()
            carving = ready_application()  # the shop redeems this one's voucher, the tracking page shows the first
            waiting = filed_application(signed=False)  # its parties' signing links are in the outbox
            ensure_user("axe.clerk", Role.CLERK, "窗口甲")
            ensure_user("axe.courier", Role.COURIER, "李揽收")
            licence = folder / "licence.pdf"
            licence.write_bytes(db.session.scalar(select(Document.content).where(
                Document.application_id == finished.id, Document.kind == "business_license")))
            built.update(
                number=finished.number, licence=licence, verify_link=verify_url(finished.uscc),
                track_link=f"/track/{finished.number}?t={access_token(finished.number, app.config['SECRET_KEY'], 0)}",
                sign_link=f"/sign/{signing_token(waiting, 1)}", shop_key=create_seal_shop("竹溪县诚信刻章店"),
                voucher=db.session.scalar(select(SealVoucher.code).where(SealVoucher.application_id == carving.id)),
                carving_company=carving.company_name)

    worker = threading.Thread(target=build)
    worker.start()
    worker.join(120)
    assert built, "the site was not built"
    return built


@pytest.fixture(scope="module")
def site(tmp_path_factory, sandbox) -> Iterator[Site]:
    """A real app (CSRF on, as in production) on a fresh database, served on a free port."""
    folder = tmp_path_factory.mktemp("axe")
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'axe.sqlite'}",
                     INSTANCE_PATH=str(folder), **agency_urls(sandbox.url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = url
    built = build_site(app, folder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(url=url, **built)
    finally:
        server.shutdown()
        thread.join(10)


def axe_violations(page: Page) -> list[dict]:
    """What axe-core finds on the page as it is now: each violation with its rule, impact and elements."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("axe.version") == AXE_VERSION
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({rule: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))""")


def described(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['rule']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['summary']}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


def sign_in_staff(page: Page, site: Site, username: str) -> None:
    page.goto(site.url + "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def sign_in_shop(page: Page, site: Site) -> None:
    page.goto(site.url + "/shop/sign-in")
    page.locator("#key").fill(site.shop_key)
    page.locator("#sign-in").click()
    expect(page).to_have_url(site.url + "/shop/")


def home(page: Page, site: Site) -> None:
    page.goto(site.url + "/")


def tracking(page: Page, site: Site) -> None:
    page.goto(site.url + site.track_link)
    expect(page.locator("svg.seal-impression").first).to_be_visible()


def lookup(page: Page, site: Site) -> None:
    page.goto(site.url + "/track")


def sign(page: Page, site: Site) -> None:
    page.goto(site.url + site.sign_link)


def verify(page: Page, site: Site) -> None:
    page.goto(site.verify_link)
    expect(page.locator("#licence-status")).to_be_visible()


def verify_upload(page: Page, site: Site) -> None:
    page.goto(site.url + "/verify/")


def verify_upload_result(page: Page, site: Site) -> None:
    page.goto(site.url + "/verify/")
    page.set_input_files("#licence-file", str(site.licence))
    page.locator("form.verify-upload button[type=submit]").click()
    expect(page.locator("#upload-result")).to_be_visible()


def verify_upload_error(page: Page, site: Site) -> None:
    page.goto(site.url + "/verify/")
    page.locator("form.verify-upload button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()


def staff_page(username: str, path: Callable[[Site], str], ready: str) -> Callable[[Page, Site], None]:
    """A back-office page, reached as its staff member reaches it: signed in, then the page."""
    def visit(page: Page, site: Site) -> None:
        sign_in_staff(page, site, username)
        page.goto(site.url + path(site))
        expect(page.locator(ready)).to_be_visible()
    return visit


def shop(page: Page, site: Site) -> None:
    sign_in_shop(page, site)


def shop_voucher(page: Page, site: Site) -> None:
    """Redeemed (once, by the first test to get here): the impressions to carve, each one image named
    by its kind and company for a screen reader."""
    sign_in_shop(page, site)
    page.goto(f"{site.url}/shop/vouchers/{site.voucher}")
    if page.locator("#redeem").count():
        page.locator("#redeem").click()
    for kind in ("公章", "财务专用章", "发票专用章"):
        expect(page.get_by_role("img", name=f"{kind}：{site.carving_company}", exact=True)).to_be_visible()


PAGES: dict[str, Callable[[Page, Site], None]] = {
    "home": home, "tracking": tracking, "lookup": lookup, "sign": sign, "verify": verify,
    "verify-upload": verify_upload, "verify-upload-result": verify_upload_result,
    "verify-upload-error": verify_upload_error,
    "clerk-queue": staff_page("axe.clerk", lambda site: "/clerk/", "#queue"),
    "clerk-application": staff_page("axe.clerk", lambda site: f"/clerk/applications/{site.number}", "#app-status"),
    "courier": staff_page("axe.courier", lambda site: "/courier/", "#waybill"),
    "shop": shop, "shop-voucher": shop_voucher,
}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_axe_violations(name, site, browser_page):
    page = browser_page
    PAGES[name](page, site)
    assert not re.search(r"/login(\?|$)|/sign-in", page.url), f"{name}: not signed in ({page.url})"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"axe-{name}.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"{name} ({page.url}):\n{described(violations)}"


def test_axe_finds_a_violation_it_is_shown(site, browser_page):
    """The check itself can fail: an image without a name added to a clean page is reported."""
    page = browser_page
    page.goto(site.url + "/track")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/favicon.svg\">')")
    assert [violation["rule"] for violation in axe_violations(page)] == ["image-alt"]
