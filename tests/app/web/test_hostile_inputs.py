"""What a reviewer sent as an attacker would, after the security work: each answer is a refusal, never a 500."""

import logging
import os

import pytest

from app.applications.tokens import reissue_token
from app.extensions import db
from app.factory import create_app
from app.models import Application
from app.web.logs import redact
from config import Testing
from tests.factories import example_payload
from tests.support.postgres import postgres_app

# Each of these reached a query with a NUL in it: PostgreSQL refuses NUL in text, and the answer was a 500.
# (method, path, options, the answer): an address with a NUL names nothing; a form or a search is refused.
NUL_REQUESTS = [
    ("post", "/login", {"data": {"username": "a\x00b", "password": "x"}}, 400),
    ("get", "/track/2026%00?t=x", {}, 404),
    ("get", "/api/v1/applications/2026%00", {"headers": {"Authorization": "Bearer x"}}, 404),
    ("get", "/clerk/?q=%E4%BA%91%00", {}, 400),
    ("get", "/clerk/applications/20%00", {}, 404),
    ("get", "/verify/91110302562134916%00", {}, 404),
]


def assert_each_refused(client) -> None:
    for method, path, options, expected in NUL_REQUESTS:
        answer = getattr(client, method)(path, **options)
        assert answer.status_code == expected, (path, answer.status_code)


def test_a_nul_in_an_address_a_search_or_a_form_is_a_400(app, clerk_client):
    app.config["WTF_CSRF_ENABLED"] = False
    assert_each_refused(clerk_client)


@pytest.mark.services
def test_a_nul_in_an_address_a_search_or_a_form_is_a_400_on_postgresql(sandbox, tmp_path):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as app:
        app.config["WTF_CSRF_ENABLED"] = False
        assert_each_refused(app.test_client())


def test_a_database_error_logs_no_statement_and_no_parameters(tmp_path, caplog):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'none.sqlite'}")

    @app.get("/_probe")
    def probe():
        db.session.execute(db.text("select secret from nowhere where id = :id"), {"id": "420324199001011235"})

    with caplog.at_level(logging.WARNING):
        answer = app.test_client().get("/_probe")
    assert answer.status_code in (500, 503)
    assert "420324199001011235" not in caplog.text and "select secret" not in caplog.text


def test_replaying_the_first_submission_after_a_reissue_does_not_hand_out_the_new_token(app, client, sandbox):
    headers = {"Idempotency-Key": "partner-7"}
    first = client.post("/api/v1/applications", json=example_payload(), headers=headers)
    assert first.status_code == 201
    with app.app_context():
        application = db.session.scalar(db.select(Application).where(Application.number == first.get_json()["number"]))
        reissue_token(application, "cli:test", app.config["SECRET_KEY"], note="token leaked")
        db.session.commit()
    replay = client.post("/api/v1/applications", json=example_payload(), headers=headers)
    assert replay.status_code == 409 and "access_token" not in replay.get_json()
    old = client.get(first.get_json()["links"]["self"], headers={"Authorization": "Bearer " + first.get_json()["access_token"]})
    assert old.status_code == 404


def test_a_clerk_search_by_id_number_or_phone_is_not_logged():
    line = '127.0.0.1 - - "GET /clerk/?q=420324199001011235&status=open HTTP/1.1" 200'
    assert "420324199001011235" not in redact(line) and "status=open" in redact(line)


def test_behind_the_proxy_the_client_address_is_the_forwarded_one(tmp_path):
    seen = {}
    for hops, expected in ((0, "10.0.0.1"), (1, "203.0.113.7")):
        app = create_app(Testing, TRUSTED_PROXY_HOPS=hops, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}")

        @app.get("/_whoami")
        def whoami(hops=hops):
            from flask import request
            seen[hops] = request.remote_addr
            return ""

        app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"},
                              environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert seen[hops] == expected


def test_a_percent_encoded_token_parameter_is_not_logged():
    for line in ('"GET /track/20261202?%74=abcdef0123 HTTP/1.1" 303', '"GET /track/20261202?T=abcdef0123 HTTP/1.1" 303'):
        assert "abcdef0123" not in redact(line)
