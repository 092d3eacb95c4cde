"""证照分离 on the form: as scope items are picked, the permits they need next (permit, authority, route)."""

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


def scope_box(page, phrase: str):
    return page.locator(f"input[name='business_scope'][value='{phrase}']")


def pick(page, search: str, phrase: str) -> None:
    page.locator("#scope-search").fill(search)
    scope_box(page, phrase).check()


@pytest.mark.parametrize(("viewport", "name"), [({"width": 1280, "height": 900}, "desktop"),
                                                ({"width": 390, "height": 844}, "phone")])
def test_the_live_list_names_each_permit_as_items_are_picked(form_server, browser_page, viewport, name):
    page = browser_page
    page.set_viewport_size(viewport)
    page.goto(form_server.url + "/")
    hint = page.locator("#permits-hint")
    expect(hint).to_be_hidden()
    pick(page, "软件", "软件开发")
    expect(hint).to_be_hidden()  # a general item needs no permit

    pick(page, "食品", "食品销售")
    pick(page, "代理记账", "代理记账")
    items = hint.locator("li")
    expect(items).to_have_count(2)
    # in the order of the list on the page (商务服务 comes before 批发零售), as the chips are
    expect(items.nth(0)).to_have_text("代理记账：代理记账许可证书，向县级以上地方财政部门申请（告知承诺）")
    expect(items.nth(1)).to_have_text("食品销售：食品经营许可证，向县级市场监督管理部门申请（审批）")
    page.locator("#permits-hint").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"form-permits-{name}.png")

    page.locator(".chip", has_text="食品销售").click()  # removing the item removes its permit
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("代理记账许可证书")
    page.locator(".chip", has_text="代理记账").click()
    expect(hint).to_be_hidden()


def test_without_javascript_each_licensed_item_carries_its_permit(form_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(form_server.url + "/")
        box = scope_box(page, "餐饮服务")
        note = page.locator("#" + box.get_attribute("aria-describedby"))
        expect(note).to_be_visible()
        expect(note).to_have_text("领照后需取得食品经营许可证，向县级市场监督管理部门申请（审批）")
        assert scope_box(page, "软件开发").get_attribute("aria-describedby") is None
        expect(page.locator("#permits-hint")).to_be_hidden()
        note.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "form-permits-nojs.png")
    finally:
        context.close()
