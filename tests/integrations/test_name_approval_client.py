"""Name approval over HTTP: checks, reservations, 'taken', the race for one name, magic refusals."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from integrations import Agencies, Refused
from integrations.name_approval import refuses_the_name


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


# --- issue 10: the registry compares names (企业名称相同相近比对规则)

@pytest.mark.parametrize("industry", ["网络科技", "信息技术"])
def test_issue_the_same_trade_name_in_an_equivalent_industry_is_taken(agencies: Agencies, reserve_name, industry):
    reserve_name("云帆")
    answer = agencies.name_approval.check("竹溪县", "云帆", industry, "有限公司", "llc")
    assert answer["available"] is False
    [problem] = answer["problems"]
    assert (problem["code"], problem["level"], problem["conflicts_with"]) == ("taken", "refuse", "竹溪县云帆科技有限公司")
    # An applicant who files it anyway is refused: the reservation is what counts.
    with pytest.raises(Refused) as caught:
        agencies.name_approval.reserve("KB-near", "竹溪县", "云帆", industry, "有限公司", "llc", f"near-{len(industry)}-{ord(industry[0])}")
    assert caught.value.code == "taken"


@pytest.mark.parametrize(("trade_name", "basis"), [("云凡", "homophone"), ("云番", "homophone"), ("帆云", "reordered")])
def test_issue_near_names_are_warnings_naming_the_other(agencies: Agencies, reserve_name, trade_name, basis):
    reserve_name("云帆")
    answer = agencies.name_approval.check("竹溪县", trade_name, "科技", "有限公司", "llc")
    assert answer["available"] is True
    assert answer["suggestions"] == []
    [problem] = answer["problems"]
    assert problem["code"] == "similar_name" and problem["level"] == "warn" and problem["basis"] == basis
    assert problem["conflicts_with"] == "竹溪县云帆科技有限公司"


def test_a_warning_does_not_stop_the_reservation(agencies: Agencies, reserve_name):
    reserve_name("云帆")
    answer = agencies.name_approval.reserve("KB-homophone", "竹溪县", "云凡", "科技", "有限公司", "llc", "homophone-key")
    assert answer["full_name"] == "竹溪县云凡科技有限公司"


def test_a_warning_about_a_well_known_name_does_not_stop_the_reservation(agencies: Agencies):
    answer = agencies.name_approval.check("竹溪县", "华为", "通信", "有限公司", "llc")
    assert answer["available"] is True
    assert [(p["code"], p["level"]) for p in answer["problems"]] == [("well_known_name", "warn")]
    assert agencies.name_approval.reserve("KB-known", "竹溪县", "华为", "通信", "有限公司", "llc", "known-key")


def test_the_own_reservation_is_no_near_name(agencies: Agencies, reserve_name):
    reservation = reserve_name("云帆")
    again = agencies.name_approval.reserve(reservation["application_number"], "竹溪县", "云帆", "科技", "有限公司", "llc",
                                           "again-key")
    assert again["reference"] == reservation["reference"]


def test_suggestions_when_taken_can_each_be_had(agencies: Agencies, reserve_name):
    reserve_name("云帆")
    answer = agencies.name_approval.check("竹溪县", "云帆", "网络科技", "有限公司", "llc")
    assert 1 <= len(answer["suggestions"]) <= 5
    for suggestion in answer["suggestions"]:
        assert suggestion.startswith("竹溪县云帆") and suggestion.endswith("有限公司")
        trade, industry = _split(suggestion)
        checked = agencies.name_approval.check("竹溪县", trade, industry, "有限公司", "llc")
        assert checked["available"] is True and checked["problems"] == [], suggestion


def _split(full_name: str) -> tuple[str, str]:
    body = full_name.removeprefix("竹溪县").removesuffix("有限公司")
    return (body[:3], body[3:]) if body.endswith("网络科技") else ("云帆", body[2:])


def test_traditional_characters_are_refused_at_the_registry(agencies: Agencies):
    answer = agencies.name_approval.check("竹溪县", "雲帆", "科技", "有限公司", "llc")
    assert answer["available"] is False
    assert [p["code"] for p in answer["problems"]] == ["traditional_characters"]
    with pytest.raises(Refused) as caught:
        agencies.name_approval.reserve("KB-trad", "竹溪县", "雲帆", "科技", "有限公司", "llc", "trad-key")
    assert caught.value.code == "traditional_characters"


def test_a_refusal_of_the_name_is_told_from_a_bad_request(agencies: Agencies, reserve_name):
    """备选字号: the next trade name is worth trying after a refusal of the name, never after a bad request."""
    reserve_name("云帆")
    outcomes = []
    for trade_name, key in (("云帆", "taken-key"), ("拒绝云舟", "magic-key"), ("云舟名称退回", "returned-key"), ("", "empty")):
        with pytest.raises(Refused) as caught:
            agencies.name_approval.reserve("KB-refusals", "竹溪县", trade_name, "科技", "有限公司", "llc", key)
        outcomes.append((caught.value.code, refuses_the_name(caught.value)))
    assert outcomes == [("taken", True), ("forbidden_word", True), ("returned", True), ("bad_request", False)]
