"""Tax registration over HTTP: taxpayer id = credit code, the local tax office, magic refusal."""

from __future__ import annotations

import pytest

from integrations import Agencies, Refused


def _tax_body(company: dict) -> dict:
    return {"application_number": company["application_number"], "uscc": company["uscc"],
            "company_name": company["full_name"], "taxpayer_type": "small_scale",
            "invoice_types": ["vat_ordinary"], "monthly_invoice_quota": 25}


def test_register_taxpayer(agencies: Agencies, register_company):
    company = register_company()
    answer = agencies.tax.register(_tax_body(company), "tax-key")
    assert answer["taxpayer_id"] == company["uscc"]
    assert answer["tax_office"] == "国家税务总局竹溪县税务局"
    assert (answer["taxpayer_type"], answer["invoice_types"], answer["monthly_invoice_quota"]) == (
        "small_scale", ["vat_ordinary"], 25)
    assert answer["reference"].startswith("SW")


def test_repeated_key_one_effect(agencies: Agencies, register_company, stats):
    body = _tax_body(register_company())
    assert agencies.tax.register(body, "k") == agencies.tax.register(body, "k")
    assert stats()["tax"] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}


def test_bad_taxpayer_type_is_refused(agencies: Agencies, register_company):
    with pytest.raises(Refused) as caught:
        agencies.tax.register({**_tax_body(register_company()), "taxpayer_type": "huge"}, "k")
    assert caught.value.code == "bad_taxpayer_type"


def test_magic_return_in_the_registered_address(agencies: Agencies, register_company, stats):
    # The tax request carries no address: the sandbox finds it in the registration record.
    company = register_company(address="湖北省十堰市竹溪县人民路1号税务退回")
    with pytest.raises(Refused) as caught:
        agencies.tax.register(_tax_body(company), "k")
    assert caught.value.code == "returned"
    assert caught.value.reason.startswith("税务机关退回")
    assert stats()["tax"]["effects"] == 0
