"""/api/v1/openapi.json describes every public route the app serves, with the methods it answers."""

import re

import pytest

PUBLIC_PREFIXES = ("/api/v1", "/verify", "/healthz")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def spec_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: <code> and <string:code> become {code}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def public_routes(app, prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefixes):
            routes.setdefault(spec_path(rule.rule), set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)
    return routes


@pytest.fixture
def spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_spec_path_turns_flask_converters_into_openapi_parameters():
    assert spec_path("/api/v1/seal-vouchers/<code>/impressions/<kind>.pdf") == \
        "/api/v1/seal-vouchers/{code}/impressions/{kind}.pdf"
    assert spec_path("/verify/<string:uscc>") == "/verify/{uscc}"


def test_every_api_v1_route_is_in_the_spec(app, spec):
    routes = public_routes(app, ("/api/v1",))
    assert "/api/v1/seal-vouchers/{code}/redeem" in routes  # the url_map really was read
    missing = sorted(path for path in routes if path not in spec["paths"])
    assert missing == []


def test_every_public_route_is_described_with_each_of_its_methods(app, spec):
    routes = public_routes(app, PUBLIC_PREFIXES)
    undescribed = sorted((path, method) for path, methods in routes.items() for method in methods
                         if method not in spec["paths"].get(path, {}))
    assert undescribed == []


def test_the_spec_describes_no_route_the_app_lacks(app, spec):
    routes = public_routes(app, PUBLIC_PREFIXES)
    assert sorted(path for path in spec["paths"] if path not in routes) == []


def test_path_parameters_match_the_placeholders_in_each_path(spec):
    for path, operations in spec["paths"].items():
        placeholders = set(re.findall(r"{([^}]+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == placeholders, (method, path)


def test_every_schema_reference_resolves(spec):
    text = str(spec)
    for name in re.findall(r"#/components/schemas/([\w.-]+)", text):
        assert name in spec["components"]["schemas"], name
