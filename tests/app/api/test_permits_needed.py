"""GET /api/v1/applications/<number> lists `permits_needed` (API.md): one entry per licensed scope item, [] when none."""

import pytest

from tests.factories import example_payload, file_for_applicant

KEYS = {"scope", "permit", "authority", "route"}


def followed(app, client, scope: list[str]) -> dict:
    number, token = file_for_applicant(app, example_payload(business_scope=scope))
    response = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_general_scope_needs_no_permit(app, client):
    assert followed(app, client, ["软件开发", "信息技术咨询服务"])["permits_needed"] == []


@pytest.mark.parametrize(("scope", "expected"), [
    (["软件开发", "餐饮服务"], [("餐饮服务", "食品经营许可证", "审批")]),
    (["劳务派遣服务", "软件开发", "代理记账"], [("劳务派遣服务", "劳务派遣经营许可证", "告知承诺"),
                                        ("代理记账", "代理记账许可证书", "告知承诺")]),
])
def test_each_licensed_item_names_its_permit_authority_and_route(app, client, scope, expected):
    needed = followed(app, client, scope)["permits_needed"]
    assert all(set(entry) == KEYS and all(isinstance(v, str) and v for v in entry.values()) for entry in needed)
    assert [(entry["scope"], entry["permit"], entry["route"]) for entry in needed] == expected
