"""Registration over HTTP: credit codes, the record, refusals, timeouts and busy retries."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.rules import names
from app.rules.uscc import is_valid_uscc
from integrations import Agencies, Refused, Retryable
from tests.factories import registration_body


def test_register_issues_a_valid_credit_code(agencies: Agencies, register_company):
    company = register_company("云帆")
    assert is_valid_uscc(company["uscc"])
    assert company["uscc"].startswith("91420324")
    assert company["authority"] == "竹溪县市场监督管理局"
    assert company["registered_at"].endswith("+08:00")
    assert company["reference"].startswith("DJ")

    record = agencies.registration.registration(company["uscc"])
    assert record["full_name"] == "竹溪县云帆科技有限公司"
    assert record["address"] == "湖北省十堰市竹溪县城关镇人民路1号"
    assert record["legal_representative"]["name"] == "张三"


def test_individual_business_gets_kind_2(register_company):
    assert register_company("云帆", entity_type="individual_business")["uscc"].startswith("92420324")


def test_unknown_credit_code_is_404(agencies: Agencies):
    with pytest.raises(Refused) as caught:
        agencies.registration.registration("91420324MA4F000000")
    assert caught.value.status == 404


def test_registration_needs_the_applications_own_reservation(agencies: Agencies, reserve_name):
    reservation = reserve_name("云帆")
    body = {**registration_body(reservation), "application_number": "KB-someone-else"}
    with pytest.raises(Refused) as caught:
        agencies.registration.register(body, "steal-key")
    assert caught.value.code == "name_not_reserved"


def _trade_names(count: int) -> list[str]:
    first, second = "云星海松竹梅兰菊桐枫", "帆辰澜韵泽川禾岳鸣晟"
    candidates = (a + b + c for a in first for b in second for c in "一二三四五六七八九十")
    usable = (n for n in candidates if not names.name_problems("竹溪县", n, "科技", "有限公司", "llc"))
    return [next(usable) for _ in range(count)]


def test_two_hundred_registrations_give_valid_distinct_codes(agencies: Agencies, register_company, stats):
    with ThreadPoolExecutor(max_workers=16) as pool:
        companies = list(pool.map(register_company, _trade_names(200)))
    codes = [company["uscc"] for company in companies]
    assert all(is_valid_uscc(code) for code in codes)
    assert len(set(codes)) == 200
    assert stats()["registration"] == {"effects": 200, "replays": 0, "duplicates_per_application": 0}


def test_repeated_key_returns_the_same_code(agencies: Agencies, reserve_name, stats):
    body = registration_body(reserve_name("云帆"))
    first = agencies.registration.register(body, "reg-key")
    assert agencies.registration.register(body, "reg-key") == first
    assert stats()["registration"] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}


def test_magic_return_refuses_with_a_chinese_reason_every_time(agencies: Agencies, reserve_name, stats):
    body = registration_body(reserve_name("云帆"), address="湖北省十堰市竹溪县人民路1号登记退回")
    for _ in range(2):
        with pytest.raises(Refused) as caught:
            agencies.registration.register(body, "returned-key")
        assert caught.value.code == "returned"
        assert caught.value.reason.startswith("登记机关退回")
    assert stats()["registration"] == {"effects": 0, "replays": 1, "duplicates_per_application": 0}


def test_magic_timeout_then_success_with_the_same_key(impatient_agencies: Agencies, reserve_name, stats):
    body = registration_body(reserve_name("云帆登记超时"))
    with pytest.raises(Retryable, match="timed out"):
        impatient_agencies.registration.register(body, "slow-key")
    answer = impatient_agencies.registration.register(body, "slow-key")
    assert is_valid_uscc(answer["uscc"])

    # The first call finishes its work after the client gave up; it must find the answer
    # already given and change nothing.
    deadline = time.monotonic() + 5
    while stats()["registration"]["replays"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stats()["registration"] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}
    assert impatient_agencies.registration.register(body, "slow-key") == answer


def test_magic_busy_answers_503_twice_then_works(agencies: Agencies, reserve_name):
    body = registration_body(reserve_name("云帆"), address="湖北省十堰市竹溪县繁忙路8号")
    for _ in range(2):
        with pytest.raises(Retryable) as caught:
            agencies.registration.register(body, "busy-key")
        assert caught.value.status == 503
    assert is_valid_uscc(agencies.registration.register(body, "busy-key")["uscc"])


def test_a_second_key_for_one_application_shows_as_a_duplicate(agencies: Agencies, reserve_name, stats):
    body = registration_body(reserve_name("云帆"))
    first = agencies.registration.register(body, "key-a")
    second = agencies.registration.register(body, "key-b")
    assert first["uscc"] != second["uscc"]
    assert stats()["registration"] == {"effects": 2, "replays": 0, "duplicates_per_application": 1}


@pytest.mark.parametrize("region_code", ["110103", "110302", "830000"])
def test_issue_no_code_is_issued_for_an_abolished_or_unknown_region(agencies: Agencies, reserve_name, region_code):
    # 110103 崇文区 was abolished in 2010; 110302 and 830000 are in no edition of GB/T 2260.
    body = {**registration_body(reserve_name("云帆")), "region_code": region_code}
    with pytest.raises(Refused) as caught:
        agencies.registration.register(body, f"abolished-{region_code}")
    assert caught.value.code == "bad_region_code"
