"""Name approval over HTTP: checks, reservations, 'taken', the race for one name, magic refusals."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from integrations import Agencies, Refused


def test_check_a_free_name(agencies: Agencies):
    answer = agencies.name_approval.check("竹溪县", "云帆", "科技", "有限公司", "llc")
    assert answer == {"available": True, "full_name": "竹溪县云帆科技有限公司", "problems": [], "suggestions": []}


def test_check_reports_the_rules_problems(agencies: Agencies):
    answer = agencies.name_approval.check("竹溪县", "帆", "科技", "有限公司", "llc")
    assert answer["available"] is False
    assert "trade_name_too_short" in [p["code"] for p in answer["problems"]]


def test_reserve_then_the_name_is_taken(agencies: Agencies, reserve_name):
    reservation = reserve_name("云帆")
    assert reservation["full_name"] == "竹溪县云帆科技有限公司"
    assert reservation["reference"].startswith("MC")

    answer = agencies.name_approval.check("竹溪县", "云帆", "科技", "有限公司", "llc")
    assert answer["available"] is False
    assert [p["code"] for p in answer["problems"]] == ["taken"]

    with pytest.raises(Refused) as caught:
        agencies.name_approval.reserve("KB-other", "竹溪县", "云帆", "科技", "有限公司", "llc", "other-key")
    assert caught.value.code == "taken"
    assert "请更换字号" in caught.value.reason


def test_the_same_name_in_another_industry_is_free(agencies: Agencies, reserve_name):
    reserve_name("云帆", industry="科技")
    assert agencies.name_approval.check("竹溪县", "云帆", "商贸", "有限公司", "llc")["available"] is True


def test_repeated_key_gives_the_first_answer_and_one_effect(agencies: Agencies, stats):
    first = agencies.name_approval.reserve("KB-1", "竹溪县", "云帆", "科技", "有限公司", "llc", "same-key")
    again = agencies.name_approval.reserve("KB-1", "竹溪县", "云帆", "科技", "有限公司", "llc", "same-key")
    assert again == first
    assert stats()["name_approval"] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}


def test_twenty_concurrent_reservations_of_one_name_have_one_winner(agencies: Agencies, stats):
    def attempt(n: int) -> str:
        try:
            agencies.name_approval.reserve(f"KB-race-{n}", "竹溪县", "云帆", "科技", "有限公司", "llc", f"race-{n}")
            return "reserved"
        except Refused as refusal:
            return refusal.code

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert outcomes.count("reserved") == 1
    assert outcomes.count("taken") == 19
    assert stats()["name_approval"]["effects"] == 1


def test_magic_forbidden_word_refuses_in_chinese(agencies: Agencies):
    assert agencies.name_approval.check("竹溪县", "拒绝云帆", "科技", "有限公司", "llc")["available"] is False
    with pytest.raises(Refused) as caught:
        agencies.name_approval.reserve("KB-2", "竹溪县", "拒绝云帆", "科技", "有限公司", "llc", "forbidden-key")
    assert caught.value.code == "forbidden_word"
    assert "拒绝" in caught.value.reason
    assert caught.value.details["problems"][0]["code"] == "forbidden_word"


def test_refusal_is_stored_for_the_key(agencies: Agencies, stats):
    for _ in range(2):
        with pytest.raises(Refused) as caught:
            agencies.name_approval.reserve("KB-3", "竹溪县", "云帆名称退回", "科技", "有限公司", "llc", "returned-key")
        assert caught.value.code == "returned"
    assert stats()["name_approval"] == {"effects": 0, "replays": 1, "duplicates_per_application": 0}
