"""Only the declared methods: any other method on a declared path is a 405 with `Allow` and an error body."""

import re

import pytest

METHODS = {"get", "post", "put", "patch", "delete"}
# A value for each path placeholder, of the shape its route takes.
EXAMPLES = {"number": "ZX20261202000001", "kind": "bundle", "code": "2222-2222-2222-2222",
            "uscc": "91420324MA4F0KXQ3N", "token": "A" * 43}


@pytest.fixture
def spec(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def concrete(path: str) -> str:
    return re.sub(r"{([^}]+)}", lambda match: EXAMPLES[match.group(1)], path)


def undeclared(spec) -> list[tuple[str, str, set[str]]]:
    return [(path, method, set(operations)) for path, operations in spec["paths"].items()
            for method in sorted(METHODS - set(operations))]


def test_every_undeclared_method_is_a_405_with_allow_and_a_json_error(client, spec):
    tried = undeclared(spec)
    assert len(tried) > 30
    for path, method, declared in tried:
        response = client.open(concrete(path), method=method.upper(), headers={"Accept": "application/json"})
        assert response.status_code == 405, (method, path, response.status_code)
        allowed = {m.strip().lower() for m in response.headers["Allow"].split(",")}
        assert allowed - {"head", "options"} == declared, (method, path, allowed)
        assert response.get_json() == {"error": "不支持此请求方法"}, (method, path)


def test_a_page_answers_405_with_allow_and_the_error_page(client):
    response = client.delete("/verify/")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "不支持此请求方法" in response.get_data(as_text=True)


def test_the_upload_address_is_not_a_licence_page(client):
    """GET /verify/upload was the verification page of a credit code "upload" (a 404 there, not a 405)."""
    response = client.get("/verify/upload", headers={"Accept": "application/json"})
    assert response.status_code == 405 and "POST" in response.headers["Allow"] and "GET" not in response.headers["Allow"]


def test_trace_is_refused_too(client):
    response = client.open("/api/v1/applications", method="TRACE")
    assert response.status_code == 405 and response.headers["Allow"] and response.get_json()["error"]
