"""Housing fund unit accounts over HTTP: the account, the legal rate range, the bank account where the
centre requires it (both shapes).

What both employer agencies share (the unit checks, faults, magic words, replay) is in
tests/integrations/sandbox/test_employer_agencies.py."""

from __future__ import annotations

import re

import pytest

from integrations import Agencies, Refused
from tests.factories import housing_fund_body


def _basic_account(agencies: Agencies, company: dict) -> dict:
    answer = agencies.bank.open_account({
        "application_number": company["application_number"], "uscc": company["uscc"],
        "company_name": company["full_name"], "bank": "中国农业银行",
        "legal_representative": {"name": "张三", "id_number": "420324199001011235"},
    }, f"bank-{company['application_number']}")
    return {"bank": answer["bank"], "account_number": answer["account_number"]}


def test_open_a_unit_account(agencies: Agencies, register_company):
    answer = agencies.housing_fund.open_account(housing_fund_body(register_company()), "hf-key")
    assert re.fullmatch(r"420324\d{9}", answer["unit_account_number"])
    assert answer["authority"] == "十堰市住房公积金中心竹溪县管理部"
    assert answer["reference"].startswith("GJ")
    assert answer["opened_at"].endswith("+08:00")


def test_the_record_is_found_by_the_unit_account_number(agencies: Agencies, register_company):
    company = register_company()
    answer = agencies.housing_fund.open_account(housing_fund_body(company, contribution_rate_percent=8,
                                                                  employees_at_start=2), "hf-key")
    record = agencies.housing_fund.account(answer["unit_account_number"])
    assert (record["uscc"], record["contribution_rate_percent"], record["employees_at_start"]) == (
        company["uscc"], 8, 2)
    with pytest.raises(Refused) as caught:
        agencies.housing_fund.account("420324000000000")
    assert (caught.value.status, caught.value.code) == (404, "not_found")


def test_account_numbers_are_distinct(agencies: Agencies, register_company):
    numbers = {agencies.housing_fund.open_account(housing_fund_body(register_company(name)), f"hf-{n}")
               ["unit_account_number"] for n, name in enumerate(("云帆", "星辰", "海澜", "松韵"))}
    assert len(numbers) == 4


@pytest.mark.parametrize("rate", [5, 7.5, 12])
def test_a_rate_within_five_to_twelve_percent_is_accepted(agencies: Agencies, register_company, rate):
    body = housing_fund_body(register_company(), contribution_rate_percent=rate)
    answer = agencies.housing_fund.open_account(body, "hf-key")
    assert agencies.housing_fund.account(answer["unit_account_number"])["contribution_rate_percent"] == rate


@pytest.mark.parametrize("rate", [0, 4, 4.9, 12.5, 13, 20])
def test_a_rate_outside_the_legal_range_is_refused(agencies: Agencies, register_company, stats, rate):
    with pytest.raises(Refused) as caught:
        agencies.housing_fund.open_account(housing_fund_body(register_company(), contribution_rate_percent=rate), "k")
    assert (caught.value.status, caught.value.code) == (422, "bad_contribution_rate")
    assert f"单位缴存比例{rate:g}%" in caught.value.reason and "5%至12%之间" in caught.value.reason
    assert stats()["housing_fund"]["effects"] == 0


@pytest.mark.parametrize("rate", ["12", None, True])
def test_a_rate_that_is_no_number_is_a_bad_request(agencies: Agencies, register_company, rate):
    with pytest.raises(Refused) as caught:
        agencies.housing_fund.open_account(housing_fund_body(register_company(), contribution_rate_percent=rate), "k")
    assert (caught.value.status, caught.value.code) == (400, "bad_request")
    assert "contribution_rate_percent" in caught.value.reason


def test_where_the_centre_does_not_ask_no_bank_account_is_needed(agencies: Agencies, register_company, configure):
    assert configure()["SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT"] is False  # the default
    assert agencies.housing_fund.open_account(housing_fund_body(register_company()), "k")["unit_account_number"]


def test_where_the_centre_asks_the_basic_account_is_required(agencies: Agencies, register_company, configure, stats):
    configure(SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT=True)
    company = register_company()
    with pytest.raises(Refused) as caught:
        agencies.housing_fund.open_account(housing_fund_body(company), "without-account")
    assert caught.value.code == "bank_account_required"
    assert caught.value.reason.startswith("本中心办理单位开户须提供单位基本存款账户")

    account = _basic_account(agencies, company)
    answer = agencies.housing_fund.open_account(housing_fund_body(company, bank_account=account), "with-account")
    assert agencies.housing_fund.account(answer["unit_account_number"])["bank_account"] == account
    assert stats()["housing_fund"]["effects"] == 1


def test_a_bank_account_given_must_be_the_units_own(agencies: Agencies, register_company):
    company, other = register_company("云帆"), register_company("星辰")
    with pytest.raises(Refused) as caught:
        agencies.housing_fund.open_account(housing_fund_body(company, bank_account=_basic_account(agencies, other)), "k")
    assert caught.value.code == "unknown_bank_account"
    with pytest.raises(Refused) as caught:
        agencies.housing_fund.open_account(housing_fund_body(company, bank_account={"bank": "中国农业银行"}), "k2")
    assert (caught.value.status, caught.value.code) == (400, "bad_request")
