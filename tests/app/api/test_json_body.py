"""Hostile JSON gets the documented 400, and answers come back as readable UTF-8."""

import json

from app.api.views import MAX_JSON_DEPTH, nesting_depth


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
