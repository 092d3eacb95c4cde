"""Staff sessions live on the server: a copied session cookie stops working at logout, deactivation
and a password change, after idle time and after the absolute limit; sign-in renews the session."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import EndedWhy, Role, StaffSession, User
from app.models.types import utcnow
from app.staff.sessions import digest
from tests.factories import PASSWORD, create_user, sign_in


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, cookie: str):
    """A fresh browser carrying a copied session cookie (what a thief replays)."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def signed_out_of_queue(client) -> bool:
    response = client.get("/clerk/")
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def token_of(client) -> str:
    with client.session_transaction() as session:
        return session["_user_id"]


def row_of(app, client) -> StaffSession:
    with app.app_context():
        return db.session.get(StaffSession, digest(token_of(client)))


def test_a_copied_cookie_stops_working_after_logout(app, clerk_client):
    cookie = session_cookie(clerk_client)
    assert not signed_out_of_queue(with_cookie(app, cookie))  # the copy works while the session lives
    token = token_of(clerk_client)
    assert clerk_client.post("/logout").status_code == 302
    assert signed_out_of_queue(with_cookie(app, cookie))
    assert signed_out_of_queue(clerk_client)
    with app.app_context():
        row = db.session.get(StaffSession, digest(token))
        assert row.ended_at is not None and row.ended_why == EndedWhy.LOGOUT


def test_a_copied_cookie_stops_working_after_deactivation(app, clerk_client):
    cookie = session_cookie(clerk_client)
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "clerk1"])
    assert result.exit_code == 0, result.output
    assert row_of(app, clerk_client).ended_why == EndedWhy.DEACTIVATED  # ended by the command, not later
    assert signed_out_of_queue(with_cookie(app, cookie))
    assert signed_out_of_queue(clerk_client)
    response = app.test_client().post("/login", data={"username": "clerk1", "password": PASSWORD})
    assert response.status_code == 200 and "用户名或密码不正确" in response.get_data(as_text=True)


def test_every_session_of_the_account_ends_at_a_password_change(app, staff):
    desk, laptop = sign_in(app.test_client(), "clerk1"), sign_in(app.test_client(), "clerk1")
    copied = session_cookie(desk)
    result = app.test_cli_runner().invoke(args=["users", "reset-password", "clerk1", "--password", "窗口新密码 tulip 8841"])
    assert result.exit_code == 0, result.output
    assert "2 session(s) ended" in result.output
    assert signed_out_of_queue(desk) and signed_out_of_queue(laptop) and signed_out_of_queue(with_cookie(app, copied))
    sign_in(app.test_client(), "clerk1", "窗口新密码 tulip 8841")


def test_an_idle_session_ends(app, clerk_client):
    idle = app.config["STAFF_IDLE_MINUTES"]
    with app.app_context():
        db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=idle - 1)))
        db.session.commit()
    assert not signed_out_of_queue(clerk_client)  # a minute short of the limit: still signed in (and touched)
    assert row_of(app, clerk_client).last_seen_at > utcnow() - timedelta(minutes=1)
    cookie = session_cookie(clerk_client)
    with app.app_context():
        db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=idle, seconds=5)))
        db.session.commit()
    row = row_of(app, clerk_client)
    assert signed_out_of_queue(clerk_client)
    assert signed_out_of_queue(with_cookie(app, cookie))
    with app.app_context():
        assert db.session.get(StaffSession, row.id).ended_why == EndedWhy.IDLE


def test_a_session_ends_after_its_absolute_lifetime_however_busy(app, clerk_client):
    hours = app.config["STAFF_SESSION_HOURS"]
    with app.app_context():
        db.session.execute(update(StaffSession).values(created_at=utcnow() - timedelta(hours=hours, minutes=1),
                                                       last_seen_at=utcnow()))
        db.session.commit()
    row = row_of(app, clerk_client)
    assert signed_out_of_queue(clerk_client)
    with app.app_context():
        assert db.session.get(StaffSession, row.id).ended_why == EndedWhy.EXPIRED


def test_last_seen_moves_at_most_once_a_minute(app, clerk_client):
    earlier = utcnow() - timedelta(seconds=30)
    with app.app_context():
        db.session.execute(update(StaffSession).values(last_seen_at=earlier))
        db.session.commit()
    clerk_client.get("/clerk/")
    assert row_of(app, clerk_client).last_seen_at == earlier  # no write for a request within the minute
    with app.app_context():
        db.session.execute(update(StaffSession).values(last_seen_at=earlier - timedelta(seconds=40)))
        db.session.commit()
    clerk_client.get("/clerk/")
    assert row_of(app, clerk_client).last_seen_at > earlier


def test_sign_in_renews_the_csrf_token_and_the_session(app, staff):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    with client.session_transaction() as session:
        before = session["csrf_token"]
    response = client.post("/login", data={"username": "clerk1", "password": PASSWORD, "csrf_token": form_token})
    assert response.status_code == 302
    client.get("/clerk/")  # a page with a form (the logout button) makes the new token
    with client.session_transaction() as session:
        after, first_session = session["csrf_token"], session["_user_id"]
    assert after != before
    # Signed in again from the same browser: a new session, and the one before is ended.
    page = client.get("/login").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "clerk1", "password": PASSWORD, "csrf_token": form_token})
    assert token_of(client) != first_session
    with app.app_context():
        assert db.session.get(StaffSession, digest(first_session)).ended_why == EndedWhy.REPLACED


def test_a_login_form_posted_without_its_csrf_token_is_refused(app, staff):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/login", data={"username": "clerk1", "password": PASSWORD})
    assert response.status_code == 400


def test_the_cookie_carries_a_session_token_never_the_account_id_and_no_remember_me(app, staff):
    client = app.test_client()
    response = client.post("/login", data={"username": "boss", "password": PASSWORD})
    assert response.status_code == 302
    assert "remember_token" not in response.headers.get("Set-Cookie", "")
    assert all("Expires=" not in cookie for cookie in response.headers.getlist("Set-Cookie"))  # ends with the browser
    token = token_of(client)
    with app.app_context():
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        assert token != str(boss.id) and len(token) >= 40
        # The table keeps only a digest: a copy of it signs nobody in.
        assert db.session.get(StaffSession, token) is None and db.session.get(StaffSession, digest(token)) is not None


def test_a_forged_session_naming_an_account_id_is_refused(app, staff):
    """The attack of issue 8: with the signing key, a session cookie naming the supervisor's id was
    forged. Now a session must name a live server-side session, which only sign-in opens."""
    with app.app_context():
        boss_id = db.session.scalar(select(User.id).where(User.username == "boss"))
    forger = app.test_client()
    for forged in (str(boss_id), boss_id, "x" * 5000, digest("anything")):
        with forger.session_transaction() as session:
            session["_user_id"] = forged
            session["_fresh"] = True
        assert signed_out_of_queue(forger)
        assert forger.get("/clerk/calendar").status_code == 302


def test_a_deactivated_account_is_refused_even_if_its_session_was_not_ended(app, ctx):
    """Belt and braces: an account switched off by any path (here a bare UPDATE) signs nobody in."""
    create_user("temp1", Role.CLERK)
    client = sign_in(app.test_client(), "temp1")
    db.session.execute(update(User).where(User.username == "temp1").values(active=False))
    db.session.commit()
    assert signed_out_of_queue(client)
