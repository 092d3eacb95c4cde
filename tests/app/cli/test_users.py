"""`flask users`: the password policy for every password set, deactivate, reset-password, unlock."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.factories import PASSWORD, sign_in

GOOD = "玉兰花开 lantern 6621"


def run(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=["users", *args], input=input)


def user(app, username: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def signs_in(app, username: str, password: str) -> bool:
    return app.test_client().post("/login", data={"username": username, "password": password}).status_code == 302


@pytest.mark.parametrize(("password", "message"), [
    ("short 1", "密码至少需要12个字符"),
    ("password1234", "密码过于常见或容易猜到"),
    ("123456789012", "密码过于常见或容易猜到"),
    ("qwertyuiopasdf", "密码过于常见或容易猜到"),
    ("newclerk2newclerk2", "密码过于常见或容易猜到"),  # the user name, twice
    ("x" * 129, "密码最长128个字符"),
])
def test_create_refuses_a_weak_password_in_chinese(app, password, message):
    result = run(app, "create", "newclerk2", "--role", "clerk", "--password", password)
    assert result.exit_code == 1 and message in result.output
    assert user(app, "newclerk2") is None


def test_the_tests_password_meets_the_policy(app):
    result = run(app, "create", "newclerk", "--role", "clerk", "--name", "新窗口", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert signs_in(app, "newclerk", PASSWORD)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.note).where(AuditEvent.action == "account_created")) == "newclerk"


def test_create_prompts_twice_for_the_password(app):
    result = run(app, "create", "prompted", "--role", "courier", input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert signs_in(app, "prompted", GOOD)


def test_create_refuses_a_taken_name(app, staff):
    result = run(app, "create", "clerk1", "--role", "clerk", "--password", GOOD)
    assert result.exit_code == 1 and "已存在" in result.output
    assert signs_in(app, "clerk1", PASSWORD)  # the account is untouched


def test_deactivate_stops_sign_in_and_is_audited(app, staff):
    result = run(app, "deactivate", "courier1")
    assert result.exit_code == 0 and "deactivated courier1" in result.output
    assert not user(app, "courier1").active
    assert not signs_in(app, "courier1", PASSWORD)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account_deactivated"))
        assert event.actor.startswith("cli:") and event.note == "courier1"


def test_reset_password_applies_the_policy_and_keeps_the_old_one_when_refused(app, staff):
    client = sign_in(app.test_client(), "boss")
    refused = run(app, "reset-password", "boss", "--password", "iloveyou1234")
    assert refused.exit_code == 1 and "密码过于常见" in refused.output
    assert signs_in(app, "boss", PASSWORD)
    assert client.get("/clerk/").status_code == 200  # a refused reset ends nothing


def test_reset_password_by_prompt_replaces_the_password(app, staff):
    result = run(app, "reset-password", "clerk1", input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert signs_in(app, "clerk1", GOOD) and not signs_in(app, "clerk1", PASSWORD)


def test_unlock_lets_a_locked_account_in_again(app, staff):
    for _ in range(app.config["LOGIN_LOCKOUT_FAILURES"]):
        signs_in(app, "clerk1", "wrong guess 0000")
    assert not signs_in(app, "clerk1", PASSWORD)
    result = run(app, "unlock", "clerk1")
    assert result.exit_code == 0 and "unlocked clerk1" in result.output
    assert signs_in(app, "clerk1", PASSWORD)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account_unlocked"))
        assert event.actor.startswith("cli:") and event.actor_user_id is None and event.note == "clerk1"


def test_commands_on_an_unknown_account_fail(app):
    for command in ("deactivate", "unlock"):
        result = run(app, command, "ghost")
        assert result.exit_code == 1 and "no user ghost" in result.output
    assert run(app, "reset-password", "ghost", "--password", GOOD).exit_code == 1
