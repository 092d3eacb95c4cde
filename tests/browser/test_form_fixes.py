"""Issue 11's form bullets: Enter on a scope checkbox, no error before input, errors in the order of the page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.form_server import serving

pytestmark = [pytest.mark.browser]


@pytest.fixture
def form_server(app):
    with serving(app) as server:
        yield server

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)


def test_enter_on_a_scope_checkbox_does_not_submit_the_half_filled_form(form_server, browser_page):
    page = browser_page
    page.goto(form_server.url + "/")
    page.locator("#name-trade_name").fill("云帆")
    page.locator("#scope-search").fill("软件")
    box = page.get_by_label("软件开发", exact=True)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    expect(page.locator("#error-summary")).to_have_count(0)  # still the same page, nothing sent
    expect(page.locator("#name-trade_name")).to_have_value("云帆")
    expect(box).to_be_checked()
    expect(box).to_be_focused()


def test_the_name_check_says_nothing_of_the_org_form_before_it_is_typed(form_server, browser_page):
    page = browser_page
    page.goto(form_server.url + "/")
    page.get_by_label("有限责任公司", exact=True).check()
    page.locator("#name-region").fill("竹溪县")
    page.locator("#name-trade_name").press_sequentially("云帆", delay=40)
    check = page.locator("#name-check")
    expect(check).to_contain_text("完整名称", timeout=10_000)
    page.wait_for_timeout(800)  # the debounced check has answered
    expect(check).not_to_contain_text("组织形式")
    expect(check).not_to_contain_text("请填写行业")
    expect(check).not_to_contain_text("可以使用")  # and it does not claim the half-typed name is fine
    page.locator("section[aria-labelledby='s-name']").screenshot(path=SHOTS / "form-name-before-org-form.png")

    page.locator("#name-industry").press_sequentially("科技", delay=40)
    page.locator("#name-org_form").press_sequentially("公司", delay=40)
    expect(check).to_contain_text("组织形式“公司”不符合要求", timeout=10_000)  # once typed, a wrong one is said
    page.locator("#name-org_form").fill("")
    page.locator("#name-org_form").press("Tab")
    expect(check).to_contain_text("组织形式", timeout=10_000)  # left empty after a visit: said too
    page.locator("#name-org_form").fill("有限公司")
    expect(check).to_contain_text("可以使用", timeout=10_000)


def test_the_error_summary_lists_problems_in_the_order_of_the_page(form_server, browser_page):
    page = browser_page
    page.goto(form_server.url + "/")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    targets = summary.locator("a[data-target]").evaluate_all("links => links.map(a => a.dataset.target)")
    assert targets[0] == "entity_type-llc"  # the first question on the page comes first
    positions = page.evaluate("""ids => {
        const all = Array.from(document.querySelectorAll('[id]')).map(el => el.id);
        return ids.map(id => all.indexOf(id));
    }""", targets)
    assert -1 not in positions, dict(zip(targets, positions, strict=True))
    assert positions == sorted(positions), list(zip(targets, positions, strict=True))
    page.screenshot(path=SHOTS / "form-errors-in-page-order.png")
