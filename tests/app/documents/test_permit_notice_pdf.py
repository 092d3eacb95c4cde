"""The 经营许可告知书 (证照分离): one page, every permit with its authority and route, the law."""

from datetime import date

import pytest

from app.documents.permit_notice import PermitNotice, render_permit_notice
from app.rules import catalogues
from app.rules.permits import permits_needed
from tests.factories import COMPANY, USCC

SCOPE = ["茶叶种植", "食品销售", "代理记账", "餐饮服务", "道路货物运输（不含危险货物）", "烟草制品零售"]


@pytest.fixture
def notice() -> PermitNotice:
    return PermitNotice(company_name=COMPANY, uscc=USCC, number="KB20260512-0001", authority="竹溪县市场监督管理局",
                        issued_on=date(2026, 5, 12), permits=permits_needed(SCOPE),
                        centre="竹溪县政务服务中心企业开办专区，电话 0719-2722000")


def test_the_notice_names_the_company_and_each_permit_with_its_authority_and_route(probe, notice, fonts_embedded):
    pdf = render_permit_notice(notice)
    text = probe.text(pdf).replace("\n", "").replace(" ", "")
    assert len(notice.permits) == 5  # 茶叶种植 is a general item
    for expected in ("经营许可告知书", COMPANY, USCC, "竹溪县市场监督管理局", "2026年05月12日", "0719-2722000"):
        assert expected in text, expected
    for permit in notice.permits:
        for value in (permit["scope"], permit["permit"], permit["authority"]):
            assert value.replace(" ", "") in text, value
    assert "茶叶种植" not in text
    fonts_embedded(probe.fonts(pdf))


def test_the_notice_says_what_to_do_next_by_route_and_that_trading_first_is_unlawful(probe, notice):
    text = probe.text(render_permit_notice(notice)).replace("\n", "")
    assert "告知承诺：" in text and "审批：" in text  # both routes occur above, each explained once
    assert "国发〔2021〕7号" in text and "《无证无照经营查处办法》" in text and "无证经营" in text


def test_only_the_routes_the_company_needs_are_explained(probe, notice):
    only_approval = PermitNotice(**{**notice.__dict__, "permits": permits_needed(["烟草制品零售"])})
    text = probe.text(render_permit_notice(only_approval)).replace("\n", "")
    assert "审批：" in text and "告知承诺：" not in text


def test_the_notice_is_one_page(probe, notice):
    pages = probe.pages(render_permit_notice(notice), dpi=60)
    assert len(pages) == 1
    assert pages[0].getbbox() is not None


def test_thirty_permits_the_form_allows_still_fit_one_page(probe, notice):
    licensed = [item.phrase for item in catalogues.scope_items() if item.licensed]
    longest = sorted(licensed, key=lambda phrase: -len("".join(permits_needed([phrase])[0].values())))[:30]
    crowded = PermitNotice(**{**notice.__dict__, "permits": permits_needed(longest)})
    pdf = render_permit_notice(crowded)
    assert len(probe.pages(pdf, dpi=30)) == 1
    text = probe.text(pdf).replace("\n", "").replace(" ", "")
    assert all(permit["scope"].replace(" ", "") in text for permit in crowded.permits)
