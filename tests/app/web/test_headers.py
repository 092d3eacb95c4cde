"""Security headers: a CSP with no inline script, no framing, no sniffing, a referrer policy, HSTS in
production only, and nothing personal kept in a browser's or a proxy's cache."""

import re
from pathlib import Path

import pytest

from tests.factories import example_payload

ROOT = Path(__file__).resolve().parents[3]
HSTS = "Strict-Transport-Security"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_protected(response) -> None:
    csp = policy(response)
    for directive in ("script-src", "default-src", "script-src-elem", "script-src-attr"):
        assert "'unsafe-inline'" not in csp.get(directive, []), directive
        assert "'unsafe-eval'" not in csp.get(directive, []), directive
    assert csp["script-src"] == ["'self'"] and csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def assert_not_stored(response) -> None:
    assert "no-store" in response.headers.get("Cache-Control", ""), (response.request.path, response.headers)


@pytest.fixture
def submitted(client) -> dict:
    """The API's answer to a submission: the number, the access token and the tracking link."""
    response = client.post("/api/v1/applications", json=example_payload())
    assert response.status_code == 201, response.get_json()
    assert_not_stored(response)
    return response.get_json()


def test_the_public_pages_send_every_header(client):
    pages = {"/": 200, "/login": 200, "/verify/": 200, "/no-such-page": 404,
             "/api/v1/names/check?region=竹溪县&trade_name=青山&industry=科技&org_form=有限公司": 200}
    for path, status in pages.items():
        response = client.get(path)
        assert response.status_code == status, path
        assert_protected(response)
        assert HSTS not in response.headers  # not in the embedded default, even here


def test_the_tracking_page_is_protected_and_not_stored(app, client, submitted):
    response = client.get(submitted["links"]["track"], follow_redirects=True)  # as opened from the SMS link
    assert response.status_code == 200
    assert_protected(response)
    assert_not_stored(response)


def test_a_clerk_page_cannot_be_framed_by_another_site(clerk_client, submitted):
    """Clickjacking: a hostile page framing the clerk's forms (reject, hand over) gets nothing."""
    number = submitted["number"]
    for path in ("/clerk/", f"/clerk/applications/{number}", "/clerk/assisted", "/clerk/reports"):
        response = clerk_client.get(path)
        assert response.status_code == 200, path
        assert_protected(response)
        assert_not_stored(response)


def test_the_courier_area_is_protected_and_not_stored(courier_client):
    response = courier_client.get("/courier/")
    assert response.status_code == 200
    assert_protected(response)
    assert_not_stored(response)


def test_the_api_never_lets_an_application_be_cached(client, submitted):
    number, token = submitted["number"], submitted["access_token"]
    answer = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert_not_stored(answer)
    assert_protected(answer)
    refused = client.get(f"/api/v1/applications/{number}")  # no token: refused, and not stored either
    assert refused.status_code in (401, 403, 404)
    assert_not_stored(refused)


def test_documents_are_never_stored(clerk_client, finished):
    response = clerk_client.get(f"/api/v1/applications/{finished}/documents/business_license")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert_not_stored(response)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_may_be_cached_but_are_not_sniffed(client):
    for path in ("/static/site.css", "/static/form.js"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_in_production_only(client, production_app):
    assert HSTS not in client.get("/login", base_url="https://localhost").headers
    secure = production_app.test_client().get("/login", base_url="https://kaiban.example.gov.cn")
    assert secure.status_code == 200
    assert re.fullmatch(r"max-age=\d{8}; includeSubDomains", secure.headers[HSTS])
    assert_protected(secure)


def test_plain_http_is_redirected_to_https_in_production_only(client, production_app):
    assert client.get("/login").status_code == 200  # tests and the embedded default speak HTTP
    production = production_app.test_client()
    response = production.get("/login", base_url="http://kaiban.example.gov.cn")
    assert response.status_code in (301, 302)
    assert response.headers["Location"] == "https://kaiban.example.gov.cn/login"
    behind_proxy = production.get("/login", base_url="http://kaiban.example.gov.cn",
                                  headers={"X-Forwarded-Proto": "https"})
    assert behind_proxy.status_code == 200
    assert production.get("/healthz", base_url="http://10.0.0.5:8000").status_code == 200  # the load balancer


def test_the_headers_leave_the_session_cookie_secure_in_production(production_app):
    """(Outside production the cookie is not Secure: every signed-in test here runs over HTTP.)"""
    production = production_app.test_client()
    production.get("/login", base_url="https://kaiban.example.gov.cn")
    cookie = production.get_cookie("session", domain="kaiban.example.gov.cn")
    assert cookie is not None and cookie.secure and cookie.http_only


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_no_template_carries_a_script_the_policy_would_block():
    """Every script is a file under static/ (a JSON data block is not run, so the CSP allows it)."""
    for path in (ROOT / "templates").rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not INLINE_SCRIPT.search(source), path
        assert not HANDLER_ATTRIBUTE.search(source), path
        assert "javascript:" not in source, path
    for path in (ROOT / "static").rglob("*.js"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|set(Timeout|Interval)\(\s*[\"']", source), path
