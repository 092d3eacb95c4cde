"""A person applies through the browser and watches the licence arrive, without reloading."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import EXAMPLE, sign_with_client, unique_trade_name

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)


def fill_person(page: Page, prefix: str, person: dict) -> None:
    page.locator(f"#{prefix}-name").fill(person["name"])
    page.locator(f"#{prefix}-id_number").press_sequentially(person["id_number"])


def pick_scope(page: Page, search: str, phrase: str) -> None:
    page.locator("#scope-search").fill(search)
    page.get_by_label(phrase, exact=True).check()


def test_a_person_applies_and_sees_the_licence_appear(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    page.screenshot(path=SHOTS / "form-top.png")

    page.get_by_label("有限责任公司", exact=True).check()
    trade_name = unique_trade_name()
    page.locator("#name-region").fill("竹溪县")
    page.locator("#name-trade_name").press_sequentially(trade_name, delay=40)
    page.locator("#name-industry").press_sequentially("科技", delay=40)
    page.locator("#name-org_form").press_sequentially("有限公司", delay=40)
    check = page.locator("#name-check")
    expect(check).to_contain_text("可以使用", timeout=10_000)
    expect(check).to_contain_text(f"竹溪县{trade_name}科技有限公司")

    page.locator("#registered_capital_yuan").fill("1000000")
    page.locator("#address").fill(EXAMPLE["address"])
    pick_scope(page, "软件", "软件开发")
    pick_scope(page, "信息技术咨询", "信息技术咨询服务")
    chips = page.locator(".chips .chip")
    expect(chips).to_have_count(2)
    expect(chips.first).to_contain_text("软件开发")

    fill_person(page, "legal_representative", EXAMPLE["legal_representative"])
    page.locator("#legal_representative-phone").fill("13800000000")
    first, second = EXAMPLE["shareholders"]
    fill_person(page, "shareholders-0", first)
    page.locator("#shareholders-0-contribution_yuan").fill("600000")
    page.get_by_role("button", name="再添加一名股东").click()
    expect(page.locator("#shareholders-1-name")).to_be_focused()
    fill_person(page, "shareholders-1", second)
    page.locator("#shareholders-1-contribution_yuan").fill("400000")
    page.locator("#shareholders-1-phone").fill("13900000000")  # each party signs from their own phone

    page.get_by_label("小规模纳税人").check()
    page.get_by_label("增值税普通发票").check()
    page.locator("#tax-monthly_invoice_quota").fill("25")
    expect(page.locator("#seals-official")).to_be_checked()
    page.locator("#bank-bank").select_option("中国农业银行")
    expect(page.locator("#delivery-recipient")).to_be_hidden()
    page.get_by_label("免费邮寄").check()
    expect(page.locator("#delivery-recipient")).to_be_visible()
    page.get_by_label("窗口领取").check()
    expect(page.locator("#delivery-recipient")).to_be_hidden()
    page.get_by_label("免费邮寄").check()
    page.locator("#delivery-recipient").fill("张三")
    page.locator("#delivery-phone").fill("13800000000")
    page.locator("#delivery-address").fill(EXAMPLE["delivery"]["address"])
    page.locator("#contact-name").fill("张三")
    page.locator("#contact-phone").fill("13800000000")
    page.screenshot(path=SHOTS / "form-filled.png", full_page=True)

    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/track/**", timeout=90_000)  # the embedded backend shares SQLite with a busy worker
    expect(page.locator("h1")).to_have_text(f"竹溪县{trade_name}科技有限公司")
    expect(page.locator("svg.qr")).to_be_visible()
    assert page.evaluate("localStorage.getItem('kaiban-draft')") is None  # the draft went with the submit
    page.evaluate("window.sameDocument = true")
    expect(page.locator("#track-status")).to_have_text("待签名")  # filed: every party signs before 受理
    page.screenshot(path=SHOTS / "track-before.png", full_page=True)
    number = page.url.rsplit("/", 1)[-1]
    sign_with_client(live_server.app.test_client(), live_server.app, number)  # both parties, from their texts

    licence = page.locator("a[data-kind='business_license']")
    expect(licence).to_be_visible(timeout=90_000)
    expect(licence).to_have_text("电子营业执照")
    expect(page.locator("#track-status")).to_have_text("待发放")
    expect(page.locator(".step--done")).to_have_count(6)  # all but the seal, which waits
    expect(page.locator("li[data-step='seal_carving']")).to_have_class("step step--waiting")  # carving waits for 印模确认
    assert page.evaluate("window.sameDocument") is True  # updated in place, never reloaded
    assert EXAMPLE["legal_representative"]["id_number"] not in page.content()
    page.screenshot(path=SHOTS / "track-ready.png", full_page=True)

    with page.expect_download() as download:
        licence.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and download.value.suggested_filename.endswith("-business_license.pdf")


def test_an_error_summary_takes_the_person_to_the_field(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    page.locator("#name-trade_name").fill("云帆")
    page.locator("#legal_representative-id_number").fill("420324199001011234")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#legal_representative-id_number")).to_have_value("420324199001011234")
    page.screenshot(path=SHOTS / "form-errors.png")
    summary.get_by_role("link", name="法定代表人身份证号码：身份证号码最后一位校验不正确，请核对").click()
    expect(page.locator("#legal_representative-id_number")).to_be_focused()
    summary.get_by_role("link", name="开户银行").click()
    expect(page.locator("#bank-bank")).to_be_focused()


def test_a_draft_comes_back_on_the_same_device_until_cleared(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_label("个体工商户").check()
    expect(page.locator("#shareholders-section")).to_be_hidden()
    page.locator("#name-trade_name").fill("小满")
    page.locator("#scope-search").fill("餐饮")
    page.get_by_label("餐饮管理", exact=True).check()
    page.wait_for_timeout(600)
    page.reload()
    expect(page.locator("#name-trade_name")).to_have_value("小满")
    expect(page.get_by_label("个体工商户")).to_be_checked()
    expect(page.locator("#shareholders-section")).to_be_hidden()
    expect(page.locator(".chips .chip")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="清除草稿").click()
    page.wait_for_load_state()
    expect(page.locator("#name-trade_name")).to_have_value("")
    assert page.evaluate("localStorage.getItem('kaiban-draft')") is None


def test_the_form_fits_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.screenshot(path=SHOTS / "form-mobile.png")
        page.locator("#s-scope").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "form-mobile-scope.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("button[type=submit]:not([name])").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300
    finally:
        context.close()
