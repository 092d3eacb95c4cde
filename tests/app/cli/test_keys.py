"""`flask keys rotate`: every value re-encrypted under the new key, in committed batches that survive
an interruption and a re-run; `--lookup-key`: the search hashes follow a new LOOKUP_KEY."""

import json
import os

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from app import privacy
from app.applications.queue import QueueFilters, queue_page
from app.extensions import db
from app.models import Application
from tests.app.privacy.people import founders_payload, personal_values
from tests.factories import filed_application
from tests.support.postgres import postgres_app

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
OLD_LOOKUP, NEW_LOOKUP = "old-lookup-secret-" + "o" * 20, "new-lookup-secret-" + "n" * 20


@pytest.fixture
def filed(app) -> list[tuple[int, dict]]:
    """Three applications written under OLD."""
    app.config.update(PERSONAL_DATA_KEYS=OLD, LOOKUP_KEY=OLD_LOOKUP)
    with app.app_context():
        made = []
        for _ in range(3):
            payload = founders_payload()
            made.append((filed_application(payload).id, payload))
        return made


def stored(application_id: int) -> dict:
    form = db.session.execute(text("select form from applications where id = :id"), {"id": application_id}).scalar_one()
    return json.loads(form) if isinstance(form, str) else form


def opens_with(key: str, application_id: int) -> bool:
    keys = privacy.load_keys(key, "k" * 32, "/nonexistent")
    try:
        privacy.decrypt_form(stored(application_id), keys)
    except privacy.UnreadableValue:
        return False
    return True


def rotate(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["keys", "rotate", *args])
    assert result.exit_code == 0, result.output
    return result.output


def form_report(output: str) -> str:
    """What the rotation said about the forms' column."""
    return next(line for line in output.splitlines() if line.startswith("applications.form:"))


def test_rotate_re_encrypts_in_batches_survives_an_interruption_and_re_runs(app, filed):
    app.config["PERSONAL_DATA_KEYS"] = f"{NEW},{OLD}"  # the new key in front, the old one behind
    # A maintenance window of two applications, one per transaction: then it stops, as if killed.
    assert "re-encrypted 2 of 2 " in form_report(rotate(app, "--batch-size", "1", "--limit", "2"))
    with app.app_context():
        assert [opens_with(NEW, i) for i, _ in filed] == [True, True, False]
        assert [db.session.get(Application, i).form for i, _ in filed] == [p for _, p in filed]  # all readable meanwhile
    assert "re-encrypted 1 of 3 " in form_report(rotate(app))  # run again: the rest, the done ones skipped
    again = rotate(app)  # and again: nothing left anywhere
    assert "re-encrypted 0 of 3 " in form_report(again) and again.count("re-encrypted 0 of") == 4  # the form, the outbox (2), the seal keys
    app.config["PERSONAL_DATA_KEYS"] = NEW  # the old key can go now
    with app.app_context():
        for application_id, payload in filed:
            assert not opens_with(OLD, application_id)
            assert db.session.get(Application, application_id).form == payload
            raw = json.dumps(stored(application_id))
            assert not any(value in raw for value in personal_values(payload))
        # The outbox's recipients and texts (sealed whole) went along.
        messages = db.session.execute(text("select recipient, body from outbox")).all()
        new_only = privacy.load_keys(NEW, "k" * 32, "/nonexistent")
        assert messages  # filing texts the applicant their tracking link
        for recipient, body in messages:
            assert privacy.decrypt_value(recipient, new_only) and privacy.decrypt_value(body, new_only)


def test_dropping_the_old_key_before_rotating_is_refused_loudly(app, filed):
    app.config["PERSONAL_DATA_KEYS"] = NEW
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 1 and "opens with no key of PERSONAL_DATA_KEYS" in result.output


def test_rotate_on_postgres_too(sandbox, tmp_path):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as app:
        app.config.update(PERSONAL_DATA_KEYS=OLD, LOOKUP_KEY=OLD_LOOKUP)
        with app.app_context():
            filed = [(filed_application(p).id, p) for p in (founders_payload(), founders_payload())]
        app.config["PERSONAL_DATA_KEYS"] = f"{NEW},{OLD}"
        assert "re-encrypted 2 of 2 " in form_report(rotate(app, "--batch-size", "1"))
        app.config["PERSONAL_DATA_KEYS"] = NEW
        with app.app_context():
            assert [db.session.get(Application, i).form for i, _ in filed] == [p for _, p in filed]


def found(search: str) -> list[int]:
    return [row["id"] for row in queue_page(db.session.connection(), QueueFilters(search=search)).rows]


def test_rotate_lookup_key_recomputes_the_search_hashes(app, filed):
    application_id, payload = filed[0]
    id_number = payload["legal_representative"]["id_number"]
    app.config["LOOKUP_KEY"] = f"{NEW_LOOKUP},{OLD_LOOKUP}"  # while it changes, searches try both
    with app.app_context():
        assert found(id_number) == [application_id]
    assert "recomputed the search hashes of 3" in rotate(app, "--lookup-key", "--batch-size", "2")
    app.config["LOOKUP_KEY"] = NEW_LOOKUP
    with app.app_context():
        assert found(id_number) == [application_id]
        assert found(payload["contact"]["phone"]) == [application_id]
    app.config["LOOKUP_KEY"] = OLD_LOOKUP  # the old secret finds nothing any more
    with app.app_context():
        assert found(id_number) == []
