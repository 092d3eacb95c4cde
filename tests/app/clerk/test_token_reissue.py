"""作废并重新签发查询链接: a clerk revokes one application's token without touching SECRET_KEY; the old
token opens nothing any more, the new link goes to the applicant's phone by SMS, the clerk never sees it."""

from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, AuditEvent, OutboxMessage, User
from app.privacy import decrypt_value
from tests.factories import file_for_applicant, track_client


def reissue(clerk_client, number: str, note: str = "申请人手机遗失，链接可能外泄"):
    return clerk_client.post(f"/clerk/applications/{number}/token/reissue", data={"note": note})


def test_the_clerk_page_never_shows_the_token(app, clerk_client):
    number, token = file_for_applicant(app)
    page = clerk_client.get(f"/clerk/applications/{number}").get_data(as_text=True)
    assert token not in page and f"/track/{number}?" not in page
    assert "作废并重新签发查询链接" in page and f"/clerk/applications/{number}/token/reissue" in page


def test_reissuing_revokes_the_old_token_everywhere_and_texts_the_new_link(app, client, clerk_client):
    number, old = file_for_applicant(app)
    track_client(client, number, old)  # the applicant's browser, holding the old cookie
    response = reissue(clerk_client, number)
    assert response.status_code == 303 and response.headers["Location"] == f"/clerk/applications/{number}"
    shown = clerk_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "138****0000" in shown  # the flash names where it went, masked

    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        assert application.token_generation == 1
        new = application_token(application, app.config["SECRET_KEY"])
        clerk = db.session.scalar(select(User).where(User.username == "clerk1"))
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.application_id == application.id,
                                                           AuditEvent.action == "token_reissued"))
        assert (event.actor, event.actor_user_id, event.note) == ("clerk1", clerk.id, "申请人手机遗失，链接可能外泄")
        message = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.idempotency_key == f"token-reissued:{number}:1"))
        assert decrypt_value(message.recipient) == "13800000000"
        text = decrypt_value(message.body)
        assert f"/track/{number}?t={new}" in text and old not in text
    assert new != old
    # Not to the clerk: neither the page after it nor the flash carries the new (or old) token.
    assert new not in shown and old not in shown

    # The old token: refused by the API, by the cookie the browser still holds, and by the exchange.
    assert client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {old}"}).status_code == 404
    assert client.get(f"/track/{number}").status_code == 404
    assert client.get(f"/track/{number}/progress").status_code == 404
    assert client.post(f"/track/{number}/report", data={"body": "x"}).status_code == 404
    assert client.get(f"/track/{number}?t={old}").status_code == 404
    # The new link works, and SECRET_KEY is what it was: every other application keeps its token.
    assert client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {new}"}).status_code == 200
    assert track_client(client, number, new).get(f"/track/{number}").status_code == 200


def test_other_applications_keep_their_tokens(app, client, clerk_client):
    number, _token = file_for_applicant(app)
    other, other_token = file_for_applicant(app)
    assert reissue(clerk_client, number).status_code == 303
    assert client.get(f"/api/v1/applications/{other}",
                      headers={"Authorization": f"Bearer {other_token}"}).status_code == 200


def test_reissuing_needs_a_reason_and_a_signed_in_clerk(app, client, clerk_client):
    number, token = file_for_applicant(app)
    refused = reissue(clerk_client, number, note="")
    assert refused.status_code == 422
    assert client.post(f"/clerk/applications/{number}/token/reissue", data={"note": "x"},
                       headers={"Authorization": f"Bearer {token}"}).status_code == 302  # to the sign-in page
    with app.app_context():
        assert db.session.scalar(select(Application.token_generation).where(Application.number == number)) == 0
        assert db.session.query(OutboxMessage).filter(OutboxMessage.idempotency_key.like("token-reissued:%")).count() == 0
