"""Bank account opening over HTTP: branch by region, unique account numbers, magic refusal."""

from __future__ import annotations

import pytest

from integrations import Agencies, Refused


def _account_body(company: dict, bank: str = "中国农业银行") -> dict:
    return {"application_number": company["application_number"], "uscc": company["uscc"],
            "company_name": company["full_name"], "bank": bank,
            "legal_representative": {"name": "张三", "id_number": "420324199001011235"}}


def test_open_account(agencies: Agencies, register_company):
    answer = agencies.bank.open_account(_account_body(register_company()), "bank-key")
    assert answer["bank"] == "中国农业银行"
    assert answer["branch"] == "中国农业银行竹溪县支行"
    assert len(answer["account_number"]) == 19 and answer["account_number"].isdigit()
    assert answer["reference"].startswith("YH")


def test_account_numbers_are_distinct(agencies: Agencies, register_company):
    numbers = {
        agencies.bank.open_account(_account_body(register_company(name)), f"bank-{n}")["account_number"]
        for n, name in enumerate(("云帆", "星辰", "海澜", "松韵"))
    }
    assert len(numbers) == 4


def test_repeated_key_one_effect(agencies: Agencies, register_company, stats):
    body = _account_body(register_company())
    assert agencies.bank.open_account(body, "k") == agencies.bank.open_account(body, "k")
    assert stats()["bank"] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}


def test_magic_return(agencies: Agencies, register_company):
    company = register_company(address="湖北省十堰市竹溪县人民路1号银行退回")
    with pytest.raises(Refused) as caught:
        agencies.bank.open_account(_account_body(company), "k")
    assert caught.value.code == "returned"
    assert caught.value.reason.startswith("银行退回")
