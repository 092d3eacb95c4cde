"""What a clerk types at the window from a walk-in applicant's papers (帮代办): an LLC of 500,000 yuan
whose legal representative is its shareholder, with a second shareholder when one comes along."""

from playwright.sync_api import Page

from tests.factories import EXAMPLE


def fill_walk_in(page: Page, trade_name: str, phone: str | None = None, partner: dict | None = None) -> None:
    """The whole 帮代办 form; `partner` ({"name", "id_number", "phone"}) holds 200,000 of the capital."""
    person = EXAMPLE["legal_representative"]
    phone = phone or person["phone"]
    page.get_by_label("有限责任公司", exact=True).check()
    page.locator("#name-region").fill("竹溪县")
    page.locator("#name-trade_name").fill(trade_name)
    page.locator("#name-industry").fill("科技")
    page.locator("#name-org_form").fill("有限公司")
    page.locator("#registered_capital_yuan").fill("500000")
    page.locator("#address").fill(EXAMPLE["address"])
    page.locator("#scope-search").fill("软件")
    page.get_by_label("软件开发", exact=True).check()
    page.locator("#legal_representative-name").fill(person["name"])
    page.locator("#legal_representative-id_number").fill(person["id_number"])
    page.locator("#legal_representative-phone").fill(phone)
    page.locator("#shareholders-0-name").fill(person["name"])
    page.locator("#shareholders-0-id_number").fill(person["id_number"])
    page.locator("#shareholders-0-contribution_yuan").fill("300000" if partner else "500000")
    if partner:
        page.get_by_role("button", name="再添加一名股东").click()
        page.locator("#shareholders-1-name").fill(partner["name"])
        page.locator("#shareholders-1-id_number").fill(partner["id_number"])
        page.locator("#shareholders-1-contribution_yuan").fill("200000")
        page.locator("#shareholders-1-phone").fill(partner["phone"])
    page.get_by_label("小规模纳税人").check()
    page.get_by_label("增值税普通发票").check()
    page.locator("#tax-monthly_invoice_quota").fill("25")
    page.locator("#bank-bank").select_option("中国农业银行")
    page.get_by_label("窗口领取").check()
    page.locator("#contact-name").fill(person["name"])
    page.locator("#contact-phone").fill(phone)
