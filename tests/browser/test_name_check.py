"""The live name check as the applicant types: a near name is a warning, not a refusal."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import agency_clients, new_application_number, unique_trade_name

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("stack", ["embedded"], indirect=True)]

SHOTS = Path("/tmp/kaiban-shots")
SHOTS.mkdir(exist_ok=True)


def type_name(page: Page, trade_name: str, industry: str = "科技") -> None:
    page.locator("#name-region").fill("竹溪县")
    page.locator("#name-trade_name").fill("")
    page.locator("#name-trade_name").press_sequentially(trade_name, delay=30)
    page.locator("#name-industry").fill("")
    page.locator("#name-industry").press_sequentially(industry, delay=30)
    page.locator("#name-org_form").fill("有限公司")


def test_a_homophone_shows_a_warning_and_a_taken_name_a_refusal_with_suggestions(live_server, browser_page, sandbox):
    registered = unique_trade_name()[:4] + "帆"
    number = new_application_number()
    agency_clients(sandbox.url).name_approval.reserve(number, "竹溪县", registered, "科技", "有限公司", "llc",
                                                      f"name-{number}")
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_label("有限责任公司", exact=True).check()

    check = page.locator("#name-check")
    type_name(page, registered[:-1] + "凡")
    warning = check.locator(".name-check__warnings li")
    expect(warning).to_have_text(f"与已登记的‘竹溪县{registered}科技有限公司’读音相同，可能被认定为近似名称",
                                 timeout=10_000)
    expect(check).to_contain_text("可以使用")
    expect(check).to_have_class("name-check name-check--warn")
    expect(check.locator(".name-check__problems")).to_have_count(0)
    check.screenshot(path=SHOTS / "name-check-warning.png")

    type_name(page, registered, industry="网络科技")
    expect(check).to_have_class("name-check name-check--problem", timeout=10_000)
    expect(check.locator(".name-check__problems li")).to_contain_text(f"竹溪县{registered}科技有限公司")
    expect(check.locator(".name-check__suggestions")).to_contain_text(f"竹溪县{registered}")
    check.screenshot(path=SHOTS / "name-check-taken.png")
