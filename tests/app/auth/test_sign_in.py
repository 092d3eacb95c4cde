"""Staff sign-in as an attacker tries it: guessing passwords locks the account (in the database,
for every process), a locked account says nothing more than a wrong password, unknown names cost
a hash too, the limits per address and per name hold, and every attempt is logged and audited."""

import logging
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug import security

from app.extensions import db
from app.factory import create_app
from app.models import AuditEvent, Role, User
from config import Testing
from tests.factories import PASSWORD, create_user
from tests.support.postgres import postgres_app

GENERIC = "用户名或密码不正确"


@pytest.fixture
def auth_log(caplog, monkeypatch):
    """What `kaiban.auth` writes. The app fixture runs the migrations in this process, and Alembic's
    logging setup disables loggers that existed before it (a web process never runs it)."""
    monkeypatch.setattr(logging.getLogger("kaiban.auth"), "disabled", False)
    caplog.set_level(logging.INFO, logger="kaiban.auth")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "kaiban.auth"]
WRONG = "not the password 42"


def attempt(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def refused(response) -> bool:
    return response.status_code == 200 and GENERIC in response.get_data(as_text=True)


def account(app, username: str) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def events(app, *actions: str) -> list[tuple[str, str | None, int | None, str | None]]:
    with app.app_context():
        return [(e.action, e.actor, e.actor_user_id, e.note) for e in
                db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(actions)).order_by(AuditEvent.id))]


def test_five_failures_lock_the_account_even_against_the_right_password(app, staff):
    client = app.test_client()
    for _ in range(app.config["LOGIN_LOCKOUT_FAILURES"]):
        assert refused(attempt(client, "clerk1", WRONG))
    locked = attempt(client, "clerk1", PASSWORD)
    assert refused(locked)  # the same words as a wrong password: no oracle
    assert "锁定" not in locked.get_data(as_text=True)
    assert account(app, "clerk1").locked_at is not None
    assert ("account_locked", "anonymous", None, "clerk1") in events(app, "account_locked")


def test_the_count_is_shared_by_every_web_process(app, staff):
    """Two apps on one database stand for two gunicorn workers: failures on both add up."""
    other = create_app(Testing, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       INSTANCE_PATH=app.config["INSTANCE_PATH"], WTF_CSRF_ENABLED=False)
    first, second = app.test_client(), other.test_client()
    for n in range(app.config["LOGIN_LOCKOUT_FAILURES"]):
        attempt(first if n % 2 else second, "boss", WRONG)
    assert refused(attempt(first, "boss", PASSWORD)) and refused(attempt(second, "boss", PASSWORD))


def test_a_success_resets_the_count_of_failures_in_a_row(app, staff):
    client = app.test_client()
    limit = app.config["LOGIN_LOCKOUT_FAILURES"]
    for _ in range(limit - 1):
        attempt(client, "clerk1", WRONG)
    assert attempt(client, "clerk1", PASSWORD).status_code == 302
    assert account(app, "clerk1").failed_logins == 0
    for _ in range(limit - 1):
        attempt(app.test_client(), "clerk1", WRONG)
    assert attempt(app.test_client(), "clerk1", PASSWORD).status_code == 302


def test_unknown_locked_deactivated_and_wrong_all_read_the_same(app, staff):
    client = app.test_client()
    for _ in range(app.config["LOGIN_LOCKOUT_FAILURES"]):
        attempt(client, "courier1", WRONG)
    app.test_cli_runner().invoke(args=["users", "deactivate", "boss"])
    answers = {(response.status_code, page.replace(f'value="{name}"', ""))
               for name, response in ((name, attempt(client, name, password)) for name, password in (
                   ("nobody", PASSWORD), ("clerk1", WRONG), ("courier1", PASSWORD), ("boss", PASSWORD)))
               for page in [re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", response.get_data(as_text=True))]}
    assert len(answers) == 1  # the same page, bar the name typed back into the form
    assert GENERIC in answers.pop()[1]


def password_hash_checks(send) -> int:
    """How many times werkzeug's check_password_hash runs while `send()` does, seen by the
    interpreter's profiler: nothing of ours (or of werkzeug's) is replaced."""
    target, calls = security.check_password_hash.__code__, []

    def profile(frame, event, _arg):
        if event == "call" and frame.f_code is target:
            calls.append(frame)
    sys.setprofile(profile)
    try:
        send()
    finally:
        sys.setprofile(None)
    return len(calls)


def test_an_unknown_name_costs_a_password_hash_like_a_known_one(app, staff):
    client = app.test_client()
    attempt(client, "warm-up", WRONG)  # the dummy hash is made once per process
    assert password_hash_checks(lambda: attempt(client, "clerk1", WRONG)) == 1
    assert password_hash_checks(lambda: attempt(client, "no-such-clerk", WRONG)) == 1
    assert password_hash_checks(lambda: attempt(client, "no-such-clerk", "x" * 100_000)) == 1


def test_every_attempt_is_logged_without_the_password(app, staff, auth_log):
    client = app.test_client()
    attempt(client, "nobody", "secret-guess-one", "127.0.0.9")
    for _ in range(app.config["LOGIN_LOCKOUT_FAILURES"]):
        attempt(client, "courier1", "secret-guess-two", "127.0.0.9")
    attempt(client, "clerk1", PASSWORD, "127.0.0.9")
    client.post("/logout", environ_base={"REMOTE_ADDR": "127.0.0.9"})
    app.test_cli_runner().invoke(args=["users", "unlock", "courier1"])
    text = "\n".join(auth_log())
    assert "sign-in failed (unknown user name) from 127.0.0.9" in text and "nobody" not in text
    assert "sign-in failed (wrong password): 'courier1' from 127.0.0.9" in text
    assert "account locked after 5 failures: 'courier1' from 127.0.0.9" in text
    assert "signed in: 'clerk1' from 127.0.0.9" in text and "signed out: 'clerk1' from 127.0.0.9" in text
    assert "account unlocked: 'courier1' by cli:" in text
    assert "secret-guess" not in text and PASSWORD not in text


def test_every_attempt_is_in_the_audit_trail_naming_staff_by_id(app, staff):
    client = app.test_client()
    attempt(client, PASSWORD, WRONG)  # a password typed into the name box is never kept
    attempt(client, "clerk1", WRONG)
    attempt(client, "clerk1", PASSWORD)
    client.post("/logout")
    clerk_id = account(app, "clerk1").id
    assert events(app, "sign_in_failed", "signed_in", "signed_out") == [
        ("sign_in_failed", "anonymous", None, "unknown user"),
        ("sign_in_failed", "clerk1", clerk_id, "wrong password"),
        ("signed_in", "clerk1", clerk_id, None),
        ("signed_out", "clerk1", clerk_id, None),
    ]


def test_a_log_line_cannot_be_forged_through_the_user_name(app, staff, auth_log):
    attempt(app.test_client(), "x\nsigned in: 'boss' from 127.0.0.1", WRONG)
    lines = auth_log()
    assert lines and all("\n" not in line for line in lines)


@pytest.fixture
def limited(tmp_path):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}", WTF_CSRF_ENABLED=False,
                     INSTANCE_PATH=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                     RATELIMIT_LOGIN="4 per minute", RATELIMIT_LOGIN_USERNAME="3 per minute")
    with app.app_context():
        upgrade(revision="heads")
    return app


def test_one_name_is_limited_whatever_address_the_guesses_come_from(limited):
    client = limited.test_client()
    answers = [attempt(client, "boss", WRONG, f"127.0.1.{n}").status_code for n in range(4)]
    assert answers == [200, 200, 200, 429]
    assert attempt(client, "clerk1", WRONG, "127.0.1.9").status_code == 200  # another name is not held up


def test_one_address_is_limited_whatever_names_it_tries(limited):
    client = limited.test_client()
    answers = [attempt(client, f"name{n}", WRONG, "127.0.1.20").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]


def test_simultaneous_guesses_on_postgresql_are_all_counted_and_lock_once(sandbox, tmp_path):
    """Guesses racing in parallel (as from many web processes) each count; the lock is written once."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    guesses = 12
    with postgres_app(sandbox.url, str(tmp_path)) as app:
        with app.app_context():
            create_user("boss", Role.SUPERVISOR)
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda n: attempt(app.test_client(), "boss", f"guess number {n}").status_code,
                                    range(guesses)))
        assert answers == [200] * guesses
        assert account(app, "boss").failed_logins == guesses
        assert len(events(app, "account_locked")) == 1
        assert refused(attempt(app.test_client(), "boss", PASSWORD))
