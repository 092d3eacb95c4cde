"""Social insurance registration with 医保 over HTTP: numbers, the record, the payroll month, bad requests.

What both employer agencies share (the unit checks, faults, magic words, replay) is in
tests/integrations/sandbox/test_employer_agencies.py."""

from __future__ import annotations

import re

import pytest

from integrations import Agencies, Refused, Retryable
from tests.factories import social_insurance_body


def test_register_a_unit_for_social_and_medical_insurance(agencies: Agencies, register_company):
    company = register_company()
    answer = agencies.social_insurance.register(social_insurance_body(company), "si-key")
    assert re.fullmatch(r"420324\d{10}", answer["social_insurance_number"])
    assert re.fullmatch(r"420324\d{10}", answer["medical_insurance_number"])
    assert answer["authority"] == "竹溪县人力资源和社会保障局"
    assert answer["medical_insurance_authority"] == "竹溪县医疗保障局"
    assert answer["reference"].startswith("SB")
    assert answer["registered_at"].endswith("+08:00")


def test_the_record_is_found_by_its_number(agencies: Agencies, register_company):
    company = register_company()
    body = social_insurance_body(company, employees_at_start=3)
    answer = agencies.social_insurance.register(body, "si-key")
    record = agencies.social_insurance.registration(answer["social_insurance_number"])
    assert record["uscc"] == company["uscc"] and record["full_name"] == company["full_name"]
    assert (record["employees_at_start"], record["first_payroll_month"]) == (3, body["first_payroll_month"])
    assert record["medical_insurance_number"] == answer["medical_insurance_number"]


def test_an_unknown_number_is_404(agencies: Agencies):
    with pytest.raises(Refused) as caught:
        agencies.social_insurance.registration("4203240000000000")
    assert (caught.value.status, caught.value.code) == (404, "not_found")


def test_numbers_never_repeat_across_units(agencies: Agencies, register_company):
    answers = [agencies.social_insurance.register(social_insurance_body(register_company(name)), f"si-{n}")
               for n, name in enumerate(("云帆", "星辰", "海澜", "松韵"))]
    numbers = [a["social_insurance_number"] for a in answers] + [a["medical_insurance_number"] for a in answers]
    assert len(set(numbers[:4])) == 4 and len(set(numbers[4:])) == 4


def test_a_founder_who_hires_nobody_yet_registers_and_a_later_first_month_is_fine(agencies: Agencies,
                                                                                   register_company):
    body = social_insurance_body(register_company(), employees_at_start=0, first_payroll_month="2099-01")
    assert agencies.social_insurance.register(body, "k")["social_insurance_number"]


def test_a_first_payroll_month_before_the_unit_existed_is_refused(agencies: Agencies, register_company):
    with pytest.raises(Refused) as caught:
        agencies.social_insurance.register(social_insurance_body(register_company(), first_payroll_month="2020-01"), "k")
    assert caught.value.code == "bad_first_payroll_month"
    assert caught.value.reason.startswith("首次缴费月份2020-01早于单位成立的月份")


@pytest.mark.parametrize("changes, field", [
    ({"first_payroll_month": "2026-13"}, "first_payroll_month"),
    ({"first_payroll_month": "202605"}, "first_payroll_month"),
    ({"employees_at_start": -1}, "employees_at_start"),
    ({"employees_at_start": "3"}, "employees_at_start"),
    ({"legal_representative": {"name": "张三"}}, "legal_representative"),
    ({"region_code": ""}, "region_code"),
])
def test_a_malformed_body_is_a_bad_request_naming_the_field(agencies: Agencies, register_company, stats,
                                                             changes, field):
    with pytest.raises(Refused) as caught:
        agencies.social_insurance.register(social_insurance_body(register_company(), **changes), "k")
    assert (caught.value.status, caught.value.code) == (400, "bad_request")
    assert field in caught.value.reason
    assert stats()["social_insurance"]["effects"] == 0


def test_magic_busy_answers_503_twice_then_registers(agencies: Agencies, register_company):
    # In the unit's address as filed here, so that registration itself was not busy.
    body = social_insurance_body(register_company(), address="湖北省十堰市竹溪县繁忙路8号")
    for _ in range(2):
        with pytest.raises(Retryable) as caught:
            agencies.social_insurance.register(body, "busy-key")
        assert caught.value.status == 503
    assert agencies.social_insurance.register(body, "busy-key")["social_insurance_number"]
