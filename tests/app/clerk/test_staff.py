"""The supervisor's staff page: locked accounts flagged and unlocked (audited); nobody else gets in."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.factories import PASSWORD, sign_in


def lock(app, username: str) -> int:
    client = app.test_client()
    for _ in range(app.config["LOGIN_LOCKOUT_FAILURES"]):
        client.post("/login", data={"username": username, "password": "wrong guess 1234"})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        assert user.is_locked
        return user.id


def test_a_supervisor_sees_the_lock_and_unlocks_the_account(app, supervisor_client):
    clerk_id = lock(app, "clerk1")
    page = supervisor_client.get("/clerk/staff")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    row = re.search(r'<tr id="account-clerk1" class="account--locked">(.*?)</tr>', html, re.S).group(1)
    assert "已锁定" in row and "连续失败5次" in row and f"/clerk/staff/{clerk_id}/unlock" in row
    assert "账户锁定" in html and "登录失败" in html  # the recent sign-in record shows the guessing
    response = supervisor_client.post(f"/clerk/staff/{clerk_id}/unlock")
    assert response.status_code == 303 and response.headers["Location"] == "/clerk/staff"
    assert "已解锁 王窗口" in supervisor_client.get("/clerk/staff").get_data(as_text=True)
    sign_in(app.test_client(), "clerk1", PASSWORD)
    with app.app_context():
        boss_id = db.session.scalar(select(User.id).where(User.username == "boss"))
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account_unlocked"))
        assert (event.actor, event.actor_user_id, event.note) == ("boss", boss_id, "clerk1")


def test_a_clerk_can_neither_see_the_staff_page_nor_unlock(app, clerk_client, staff):
    courier_id = lock(app, "courier1")
    assert clerk_client.get("/clerk/staff").status_code == 403
    assert clerk_client.post(f"/clerk/staff/{courier_id}/unlock").status_code == 403
    assert app.test_client().post(f"/clerk/staff/{courier_id}/unlock").status_code == 302  # to the sign-in page
    with app.app_context():
        assert db.session.get(User, courier_id).is_locked


def test_an_unlock_posted_from_another_site_is_refused(app, supervisor_client):
    """Cross-site request forgery: a form elsewhere posting to the unlock action carries no CSRF token."""
    courier_id = lock(app, "courier1")
    app.config["WTF_CSRF_ENABLED"] = True
    assert supervisor_client.post(f"/clerk/staff/{courier_id}/unlock").status_code == 400
    with app.app_context():
        assert db.session.get(User, courier_id).is_locked


def test_unlocking_no_such_account_is_404(supervisor_client):
    assert supervisor_client.post("/clerk/staff/99999/unlock").status_code == 404
