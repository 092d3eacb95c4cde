"""Hostile JSON gets the documented 400, and answers come back as readable UTF-8."""

import json
import os

import pytest

from app.api.views import IDEMPOTENCY_KEY_MAX, MAX_JSON_DEPTH, nesting_depth
from forms.schema import control_character_paths
from tests.factories import example_payload
from tests.support.postgres import postgres_app


def nested(depth: int) -> str:
    return '{"name": ' * depth + "1" + "}" * depth


def test_nesting_depth_counts_objects_and_arrays():
    assert nesting_depth(1) == 0
    assert nesting_depth({"a": [1, {"b": []}]}) == 4
    assert nesting_depth(json.loads(nested(MAX_JSON_DEPTH + 5))) == MAX_JSON_DEPTH + 1  # stops counting past the limit


def test_json_nested_deeper_than_32_levels_is_refused_with_400(client):
    response = client.post("/api/v1/applications", data=nested(MAX_JSON_DEPTH + 1),
                           content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_json_deep_enough_to_exhaust_the_parser_is_a_400_not_a_500(client):
    response = client.post("/api/v1/applications", data="[" * 100_000 + "]" * 100_000,
                           content_type="application/json")
    assert response.status_code == 400


def test_json_at_the_limit_is_read_and_answered_with_field_errors(client):
    response = client.post("/api/v1/applications", data=nested(MAX_JSON_DEPTH), content_type="application/json")
    assert response.status_code == 422


def test_json_answers_carry_chinese_as_utf8_not_escapes(client):
    response = client.post("/api/v1/applications", data="{", content_type="application/json")
    assert response.status_code == 400
    assert "\\u" not in response.get_data(as_text=True)
    assert "请求" in response.get_data(as_text=True)


def long_key_and_nul_cases(client):
    too_long = client.post("/api/v1/applications", json=example_payload(),
                           headers={"Idempotency-Key": "k" * (IDEMPOTENCY_KEY_MAX + 1)})
    with_nul = example_payload()
    with_nul["address"] += "\x00"
    nul = client.post("/api/v1/applications", json=with_nul)
    return too_long, nul


def assert_refused_as_field_errors(too_long, nul):
    assert too_long.status_code == 422 and "Idempotency-Key" in too_long.get_json()["errors"]
    assert nul.status_code == 422 and "address" in nul.get_json()["errors"]


def test_an_overlong_idempotency_key_or_a_nul_is_a_field_error(client):
    assert_refused_as_field_errors(*long_key_and_nul_cases(client))


@pytest.mark.services
def test_an_overlong_idempotency_key_or_a_nul_is_a_field_error_on_postgresql(sandbox, tmp_path):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as app:
        assert_refused_as_field_errors(*long_key_and_nul_cases(app.test_client()))
        key_at_the_limit = app.test_client().post("/api/v1/applications", json=example_payload(),
                                                  headers={"Idempotency-Key": "k" * IDEMPOTENCY_KEY_MAX})
        assert key_at_the_limit.status_code == 201


def test_a_line_break_in_a_text_field_is_not_a_control_character_error():
    assert control_character_paths({"a": "one\nline", "b": ["ok", {"c": "tab\there"}]}) == []
    assert control_character_paths({"a": ["x", {"c": "bell\x07"}]}) == ["a.1.c"]
