"""Seal carving over HTTP: 13-digit seal codes, registered companies only, magic refusal."""

from __future__ import annotations

import pytest

from integrations import Agencies, Refused


def _order(company: dict, seals: list[str]) -> dict:
    return {"application_number": company["application_number"], "uscc": company["uscc"],
            "company_name": company["full_name"], "seals": seals}


def test_order_gives_each_seal_a_code(agencies: Agencies, register_company):
    company = register_company()
    answer = agencies.seal_carving.order(_order(company, ["official", "finance", "invoice"]), "seal-key")
    codes = answer["seal_codes"]
    assert set(codes) == {"official", "finance", "invoice"}
    assert all(len(code) == 13 and code.isdigit() and code.startswith("420324") for code in codes.values())
    assert len(set(codes.values())) == 3
    assert answer["shop"].startswith("竹溪县")
    assert answer["reference"].startswith("KZ")


def test_codes_never_repeat_across_orders(agencies: Agencies, register_company):
    codes = []
    for n, trade_name in enumerate(("云帆", "星辰", "海澜")):
        company = register_company(trade_name)
        codes += agencies.seal_carving.order(_order(company, ["official", "finance"]), f"seal-{n}")["seal_codes"].values()
    assert len(set(codes)) == 6


def test_repeated_key_same_codes_one_effect(agencies: Agencies, register_company, stats):
    body = _order(register_company(), ["official"])
    assert agencies.seal_carving.order(body, "k") == agencies.seal_carving.order(body, "k")
    assert stats()["seal_carving"] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}


def test_unregistered_company_is_refused(agencies: Agencies):
    body = {"application_number": "KB1", "uscc": "91420324MA4F000000", "company_name": "某公司", "seals": ["official"]}
    with pytest.raises(Refused) as caught:
        agencies.seal_carving.order(body, "k")
    assert caught.value.code == "unknown_uscc"


def test_unknown_seal_kind_is_refused(agencies: Agencies, register_company):
    with pytest.raises(Refused) as caught:
        agencies.seal_carving.order(_order(register_company(), ["official", "golden"]), "k")
    assert caught.value.code == "bad_seal_kind"
    assert "golden" in caught.value.reason


def test_magic_return_in_the_trade_name(agencies: Agencies, register_company):
    with pytest.raises(Refused) as caught:
        agencies.seal_carving.order(_order(register_company("云帆刻章退回"), ["official"]), "k")
    assert caught.value.code == "returned"
    assert caught.value.reason.startswith("公安机关退回")
