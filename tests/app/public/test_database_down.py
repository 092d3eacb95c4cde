"""The database does not answer: every page and the API say 503 with Retry-After (JSON under /api,
an error page elsewhere), /healthz says so too, and a submission whose transaction fails leaves
nothing behind. Runs everywhere (SQLite); tests/app/pipeline/test_faults_services.py stops a real
PostgreSQL mid-batch."""

import lxml.html
import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select

from app.factory import create_app
from app.models import Application, AuditEvent, Step
from config import Testing
from integrations import agency_urls
from tests.factories import as_form, example_payload


def make_app(tmp_path, database_url: str, sandbox_url: str):
    return create_app(Testing, SQLALCHEMY_DATABASE_URI=database_url, INSTANCE_PATH=str(tmp_path),
                      WTF_CSRF_ENABLED=False, **agency_urls(sandbox_url))


@pytest.fixture
def gone(tmp_path, sandbox):
    """An app whose database file cannot be opened at all (its directory does not exist)."""
    return make_app(tmp_path, f"sqlite:///{tmp_path / 'missing' / 'kaiban.sqlite'}", sandbox.url)


@pytest.fixture
def read_only(tmp_path, sandbox):
    """(an app that can read its migrated database but not write it, the database's file)."""
    path = tmp_path / "kaiban.sqlite"
    writable = make_app(tmp_path, f"sqlite:///{path}", sandbox.url)
    with writable.app_context():
        upgrade(revision="heads")
    return make_app(tmp_path, f"sqlite:///file:{path}?mode=ro&uri=true", sandbox.url), path


def assert_unavailable(response, json: bool):
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"].isdigit()
    if json:
        assert response.get_json() == {"error": "服务暂时不可用，请稍后再试"}
    else:
        assert response.mimetype == "text/html"
        assert "服务暂时不可用" in lxml.html.fromstring(response.data).text_content()


def test_the_api_and_the_form_answer_503_not_500_when_the_database_is_gone(gone):
    client = gone.test_client()
    assert_unavailable(client.post("/api/v1/applications", json=example_payload()), json=True)
    assert_unavailable(client.post("/", data=as_form(example_payload())), json=False)
    assert_unavailable(client.get("/track/202611230000000001?t=" + "0" * 32), json=False)
    assert_unavailable(client.get("/api/v1/applications/202611230000000001",
                                  headers={"Authorization": "Bearer " + "0" * 32}), json=True)
    english = client.post("/api/v1/applications?lang=en", json=example_payload())
    assert english.status_code == 503 and english.get_json()["error"].startswith("The service is temporarily")


def test_healthz_says_503_unavailable_when_the_database_is_gone(gone):
    response = gone.test_client().get("/healthz")
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert response.get_json() == {"status": "unavailable", "database": "unavailable", "queue": "ok"}


def test_a_submission_whose_transaction_fails_is_503_and_leaves_nothing(read_only, caplog):
    app, path = read_only
    client = app.test_client()
    payload = example_payload()
    assert_unavailable(client.post("/api/v1/applications", json=payload,
                                   headers={"Idempotency-Key": "retry-me"}), json=True)
    # The failure is logged without the statement or its parameters (the applicant's data).
    assert "database unavailable" in caplog.text
    assert payload["legal_representative"]["id_number"] not in caplog.text and "INSERT" not in caplog.text
    assert_unavailable(client.post("/", data=as_form(example_payload())), json=False)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        for table in (Application, Step, AuditEvent):
            assert connection.scalar(select(func.count()).select_from(table)) == 0, table.__tablename__
    engine.dispose()
    assert client.get("/healthz").status_code == 200  # reading still works: the service is up
