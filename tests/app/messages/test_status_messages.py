"""Every status change is texted to the contact phone (and mailed where an e-mail is given), with the
number and the tracking link, in Chinese, once per change — the first text at submission."""

from __future__ import annotations

import re
import secrets

import requests
from sqlalchemy import select

from app.applications.operations import change_status
from app.applications.tokens import token_matches
from app.audit.operations import record_event
from app.extensions import db
from app.messages import sending, texts
from app.messages.operations import announce_status
from app.messages.queries import messages_for
from app.models import Application, ApplicationStatus, MessageChannel
from app.privacy.values import decrypt_value
from tests.factories import example_payload, filed_application, sign_in_new_user

EXAMPLE_LINK = "http://127.0.0.1:5000/track/202611230123456789?t=0123456789abcdef0123456789abcdef"
LINK = re.compile(r"(https?://\S+/track/(\d+)\?t=([0-9a-f]+))")


def contact(email: str | None = None) -> dict:
    """A contact of its own (the sandbox's inbox is shared by the session)."""
    person = {"name": "张三", "phone": "139" + f"{secrets.randbelow(10**8):08d}"}
    return person | ({"email": email} if email else {})


def texts_of(application: Application, channel: str = MessageChannel.SMS) -> list[str]:
    """The status announcements (the parties' signing links and codes go to their own phones)."""
    return [decrypt_value(m.body) for m in messages_for(application)
            if m.channel == channel and m.idempotency_key.startswith("status:")]


def test_submitting_queues_the_first_text_and_mail_with_number_and_link(app, client):
    payload = example_payload(contact=contact("zhao@example.com"))
    response = client.post("/api/v1/applications", json=payload)
    assert response.status_code == 201
    number, token = response.get_json()["number"], response.get_json()["access_token"]
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        [sms] = texts_of(application)
        [mail] = texts_of(application, MessageChannel.EMAIL)
        link, linked_number, linked_token = LINK.search(sms).groups()
        # Filed: the parties sign next, and then it is accepted (受理), which is texted in turn.
        assert "各方签名后即受理" in sms and number in sms and (linked_number, linked_token) == (number, token)
        assert link.startswith(app.config["PUBLIC_BASE_URL"])
        assert token_matches(application, linked_token, app.config["SECRET_KEY"])
        assert sms in mail and application.company_name in mail
        [recipient] = {decrypt_value(m.recipient) for m in messages_for(application) if m.channel == "email"}
        assert recipient == "zhao@example.com"


def test_each_change_is_one_text_and_a_retried_announcement_adds_none(ctx):
    application = filed_application(example_payload(contact=contact()))
    change_status(application, ApplicationStatus.PROCESSING, "system", "pipeline_started")
    change_status(application, ApplicationStatus.NEEDS_REVIEW, "system", "agency_refused", "税务退回")
    change_status(application, ApplicationStatus.PROCESSING, "clerk", "retried")
    db.session.commit()
    sent = texts_of(application)
    # Filed (awaiting signatures), accepted on the last signature, then the three changes.
    assert len(sent) == 5 and "各方签名后即受理" in sent[0] and "已受理" in sent[1]
    assert sum("正在办理" in t for t in sent) == 2  # back to processing: told again
    keys = [m.idempotency_key for m in messages_for(application) if m.idempotency_key.startswith("status:")]
    assert len(set(keys)) == 5 and all(k.startswith(f"status:{application.number}:") for k in keys)
    # The task that made a change runs again (a redelivered message): the same event, the same key.
    event = record_event("pipeline_started", "system", application, from_status="submitted", to_status="processing")
    db.session.flush()
    announce_status(application, event, EXAMPLE_LINK)
    announce_status(application, event, EXAMPLE_LINK)
    db.session.commit()
    assert len(texts_of(application)) == 6


def test_no_email_without_an_address_and_nothing_for_a_non_change(ctx):
    application = filed_application(example_payload(contact=contact()))
    change_status(application, application.status, "clerk", "noted")  # the same status: not a change
    db.session.commit()
    assert len(texts_of(application)) == 2 and texts_of(application, MessageChannel.EMAIL) == []  # filed, accepted


def test_the_applicant_is_texted_in_chinese_whatever_the_clerks_page_language(app):
    clerk = sign_in_new_user(app.test_client(), app, "clerk", username="wang")
    clerk.set_cookie("lang", "en")
    with app.app_context():
        application = filed_application(example_payload(contact=contact()), status=ApplicationStatus.NEEDS_REVIEW)
        number = application.number
    page = clerk.post(f"/clerk/applications/{number}/reject", data={"note": "经营范围属于禁止类"})
    assert page.status_code == 303
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        rejected = texts_of(application)[-1]
        assert rejected.startswith("【企业开办】") and "不予受理" in rejected and number in rejected


def test_the_status_text_arrives_at_the_gateway(app, ctx):
    person = contact()
    application = filed_application(example_payload(contact=person))
    change_status(application, ApplicationStatus.READY_FOR_ISSUE, "system", "documents_ready")
    db.session.commit()
    for message in messages_for(application):
        assert sending.send_one(message.id).sent
    inbox = app.config["SMS_GATEWAY_URL"].rsplit("/sms", 1)[0] + "/_sandbox/sms"
    received = requests.get(inbox, params={"phone": person["phone"]}, timeout=5).json()["messages"]
    assert [m["text"] for m in received] == list(reversed(texts_of(application)))  # newest first
    assert f"/track/{application.number}" in received[0]["text"] and "已办结" in received[0]["text"]


def test_every_status_has_a_short_chinese_text_with_number_and_link(ctx):
    statuses = (*ApplicationStatus.ALL, texts.AWAITING_SIGNATURES, "some_future_status")
    for status in statuses:
        text = texts.status_sms(status, "202611230123456789", EXAMPLE_LINK)
        before_link = text.split(EXAMPLE_LINK)[0]
        assert text.startswith("【企业开办】") and "202611230123456789" in before_link and text.endswith(EXAMPLE_LINK)
        assert len(before_link) <= 70, (status, len(before_link))
        subject, body = texts.status_email(status, "202611230123456789", "竹溪县云帆科技有限公司", EXAMPLE_LINK)
        assert "202611230123456789" in subject and text in body and "竹溪县云帆科技有限公司" in body
    assert len(set(texts.status_sms(s, "1", "L") for s in ApplicationStatus.ALL)) == len(ApplicationStatus.ALL)
