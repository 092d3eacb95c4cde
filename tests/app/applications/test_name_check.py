"""The live name check through the API (GET /api/v1/names/check) against the sandbox registry.

The sandbox is the tests' session sandbox, shared with other tests: every name here is a fresh
trade name (devstack's unique_trade_name) so that nothing another test reserved comes near it.
"""

from __future__ import annotations

import pytest

from app.rules.name_similarity import same_pronunciation
from tests.factories import agency_clients, new_application_number, unique_trade_name

PATH = "/api/v1/names/check"


def check(client, trade_name: str, industry: str = "科技", language: str = "zh", **extra) -> dict:
    query = {"region": "竹溪县", "trade_name": trade_name, "industry": industry, "org_form": "有限公司",
             "entity_type": "llc", **extra}
    response = client.get(PATH, query_string=query, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def registered(sandbox) -> str:
    """A fresh trade name ending in 帆, held in the sandbox registry as 竹溪县<name>科技有限公司; read
    backwards it is neither itself nor a homophone of itself."""
    trade_name = unique_trade_name()[:4] + "帆"
    while trade_name[::-1] == trade_name or same_pronunciation(trade_name, trade_name[::-1]):
        trade_name = unique_trade_name()[:4] + "帆"
    number = new_application_number()
    agency_clients(sandbox.url).name_approval.reserve(number, "竹溪县", trade_name, "科技", "有限公司", "llc",
                                                      f"name-{number}")
    return trade_name


def test_issue_a_homophone_of_a_registered_name_is_a_warning_naming_it(client, registered):
    homophone = registered[:-1] + "凡"
    answer = check(client, homophone)
    assert answer["available"] is True
    assert answer["suggestions"] == []
    warnings = [p for p in answer["problems"] if p["code"] == "similar_name"]
    assert {"code": "similar_name", "level": "warn", "conflicts_with": f"竹溪县{registered}科技有限公司",
            "message": f"与已登记的‘竹溪县{registered}科技有限公司’读音相同，可能被认定为近似名称"} in warnings
    assert all(p["level"] == "warn" for p in answer["problems"])


def test_the_warning_in_english(client, registered):
    answer = check(client, registered[::-1], language="en")
    [warning] = [p for p in answer["problems"] if p["conflicts_with"] == f"竹溪县{registered}科技有限公司"]
    assert warning["message"].startswith("Has the trade-name characters of")


def test_issue_the_same_trade_name_in_network_technology_is_refused_with_suggestions(client, registered):
    answer = check(client, registered, industry="网络科技")
    assert answer["available"] is False
    [taken] = [p for p in answer["problems"] if p["code"] == "taken"]
    assert taken["level"] == "refuse" and taken["conflicts_with"] == f"竹溪县{registered}科技有限公司"
    assert 1 <= len(answer["suggestions"]) <= 5
    # Each suggestion is a name the same check lets through.
    for suggestion in answer["suggestions"]:
        body = suggestion.removeprefix("竹溪县").removesuffix("有限公司")
        trade, industry = (body[:6], body[6:]) if body.endswith("网络科技") else (registered, body[len(registered):])
        assert check(client, trade, industry=industry)["available"] is True, suggestion


def test_a_well_known_trade_name_is_a_warning(client):
    answer = check(client, "华为" + unique_trade_name()[:2], industry="通信")
    assert answer["available"] is True
    assert [(p["code"], p["level"], p["conflicts_with"]) for p in answer["problems"]] == [
        ("well_known_name", "warn", "华为技术有限公司")]


def test_a_refusal_of_the_rules_is_a_refusal(client):
    answer = check(client, "雲帆")
    assert answer["available"] is False
    assert answer["problems"][0] == {
        "code": "traditional_characters", "level": "refuse", "conflicts_with": None,
        "message": "名称应使用规范汉字，“雲”是繁体字或异体字，请改为“云”"}


def test_every_answer_has_the_documented_shape(client, registered):
    for trade_name in (registered, registered[:-1] + "凡", "十堰", unique_trade_name()):
        answer = check(client, trade_name)
        assert set(answer) == {"available", "full_name", "problems", "suggestions"}
        for problem in answer["problems"]:
            assert set(problem) == {"code", "message", "level", "conflicts_with"}
            assert problem["level"] in ("refuse", "warn")
        assert answer["available"] == (not any(p["level"] == "refuse" for p in answer["problems"]))
