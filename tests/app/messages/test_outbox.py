"""The outbox: written in the caller's transaction, deduplicated by key, sealed at rest, sent once
with a lease, retried with backoff, given up on a refusal — against the real sandbox gateway."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import event, func, select, text, update

from app.extensions import db
from app.messages import sending, tasks
from app.messages.operations import queue_email, queue_sms
from app.models import MessageStatus, OutboxMessage
from app.models.types import utcnow
from app.privacy.values import encrypt_value
from config import ROOT
from integrations.sandbox.sms import UNKNOWN_NUMBER


def new_phone() -> str:
    """A phone nobody else's test texts (the session's sandbox inbox is shared)."""
    return "139" + f"{secrets.randbelow(10**8):08d}"


def sms_inbox(app, phone: str) -> list[str]:
    url = app.config["SMS_GATEWAY_URL"].rsplit("/sms", 1)[0] + "/_sandbox/sms"
    return [m["text"] for m in requests.get(url, params={"phone": phone}, timeout=5).json()["messages"]]


def mail_inbox(app, to: str) -> list[dict]:
    url = app.config["SMS_GATEWAY_URL"].rsplit("/sms", 1)[0] + "/_sandbox/mail"
    return requests.get(url, params={"to": to}, timeout=5).json()["messages"]


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_a_queued_message_is_part_of_the_callers_transaction(ctx):
    queue_sms(new_phone(), "回滚的短信", "rolled-back")
    db.session.rollback()  # the change that caused it did not happen: neither did the message
    assert rows() == 0
    queue_sms(new_phone(), "提交的短信", "committed")
    db.session.commit()
    assert rows() == 1


def test_the_same_key_twice_is_one_message(ctx):
    phone = new_phone()
    first = queue_sms(phone, "一次", "once")
    assert queue_sms(phone, "一次", "once") is first  # in the same transaction
    db.session.commit()
    assert queue_sms(phone, "一次", "once").id == first.id  # and in a later one
    db.session.commit()
    assert rows() == 1


def test_phones_addresses_and_texts_are_sealed_at_rest(ctx):
    phone = new_phone()
    queue_sms(phone, "链接 http://x/track/1?t=secret-token", "sealed-sms")
    queue_email("zhangsan@example.com", "主题", "正文 secret-token", "sealed-mail")
    db.session.commit()
    stored = db.session.execute(text("SELECT recipient, body, subject FROM outbox")).all()
    for recipient, body, _subject in stored:
        assert recipient.startswith("fernet:") and body.startswith("fernet:")
        assert phone not in recipient and "zhangsan" not in recipient and "secret-token" not in body


def test_a_key_longer_than_the_column_is_refused_before_the_database(ctx):
    with pytest.raises(ValueError):
        queue_sms(new_phone(), "太长", "k" * 201)


def test_sending_delivers_once_and_marks_it_sent(app, ctx):
    phone = new_phone()
    message = queue_sms(phone, "【企业开办】测试", "send-once")
    db.session.commit()
    assert sending.send_one(message.id).sent
    assert sending.send_one(message.id) == sending.Outcome(claimed=False)  # a repeated task finds it sent
    db.session.refresh(message)
    assert message.status == MessageStatus.SENT and message.sent_at and message.reference.startswith("DX")
    assert sms_inbox(app, phone) == ["【企业开办】测试"]


def test_a_live_lease_keeps_others_off_and_an_expired_one_lets_them_resend_under_the_same_key(app, ctx):
    phone = new_phone()
    message = queue_sms(phone, "接手重发", "taken-over")
    db.session.commit()
    now = utcnow()
    first = sending.claim([message.id], now, lease_seconds=60)
    assert first == {message.id: 1} and sending.claim([message.id], now, lease_seconds=60) == {}
    # The first sender reaches the gateway, then dies before recording it (its lease runs out).
    sending.deliver(db.session.get(OutboxMessage, message.id))
    db.session.rollback()
    db.session.execute(update(OutboxMessage).values(lease_until=now - timedelta(seconds=1)))
    db.session.commit()
    assert sending.send_one(message.id).sent  # the next sender: same key, a replay at the gateway
    assert sms_inbox(app, phone) == ["接手重发"]


def test_a_late_sender_cannot_overwrite_the_one_that_took_over(ctx):
    message = queue_sms(new_phone(), "围栏", "fenced")
    db.session.commit()
    now = utcnow()
    db.session.execute(update(OutboxMessage).values(next_try_at=now - timedelta(seconds=300)))
    db.session.commit()
    stale = sending.claim([message.id], now - timedelta(seconds=120), lease_seconds=60)[message.id]  # long run out
    current = sending.claim([message.id], now, lease_seconds=60)[message.id]
    assert (stale, current) == (1, 2)
    db.session.execute(update(OutboxMessage).where(sending.still_ours(message.id, stale))
                       .values(status=MessageStatus.FAILED))
    db.session.commit()
    db.session.refresh(message)
    assert message.status == MessageStatus.PENDING


def test_a_refused_message_is_recorded_and_never_tried_again(app, ctx):
    message = queue_sms(UNKNOWN_NUMBER, "空号", "to-an-empty-number")
    db.session.commit()
    assert sending.send_one(message.id) == sending.Outcome(claimed=True)
    db.session.refresh(message)
    assert message.status == MessageStatus.FAILED and "unknown_number" in message.last_error
    db.session.execute(update(OutboxMessage).values(next_try_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert sending.send_due() == 0 and sending.send_one(message.id) == sending.Outcome(claimed=False)
    assert message.attempts == 1


def test_a_retryable_failure_backs_off_then_delivers(app, ctx):
    phone = new_phone()
    message = queue_sms(phone, "系统繁忙时的短信", "busy")  # 繁忙: the gateway answers 503 twice
    db.session.commit()
    outcome = sending.send_one(message.id)
    assert outcome.claimed and not outcome.sent and outcome.retry_in > 0
    db.session.refresh(message)
    assert message.status == MessageStatus.PENDING and message.next_try_at > utcnow() and "503" in message.last_error
    assert sending.send_one(message.id) == sending.Outcome(claimed=False)  # not before its time
    for _ in range(2):
        db.session.execute(update(OutboxMessage).values(next_try_at=utcnow()))
        db.session.commit()
        outcome = sending.send_one(message.id)
    assert outcome.sent and sms_inbox(app, phone) == ["系统繁忙时的短信"]


def test_out_of_attempts_is_given_up(app, ctx):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    message = queue_sms(new_phone(), "繁忙", "busy-give-up")
    db.session.commit()
    sending.send_one(message.id)
    db.session.refresh(message)
    assert message.status == MessageStatus.FAILED and "gave up after 1" in message.last_error


def test_the_beat_task_sends_what_no_kick_announced(app, ctx):
    phone = new_phone()
    message = queue_sms(phone, "无人通知", "no-kick")
    db.session.commit()
    assert sending.send_due() == 0  # within the grace the kick has: left to it
    db.session.execute(update(OutboxMessage).values(next_try_at=utcnow() - timedelta(seconds=60)))
    db.session.commit()
    assert sending.send_due() == 1
    db.session.refresh(message)
    assert message.status == MessageStatus.SENT and sms_inbox(app, phone) == ["无人通知"]


def test_email_goes_through_smtp_once(app, ctx):
    to = f"u{secrets.token_hex(4)}@example.com"
    message = queue_email(to, "企业开办申请：已受理", "您好", "mail-once")
    db.session.commit()
    assert sending.send_one(message.id).sent
    db.session.execute(update(OutboxMessage).values(status=MessageStatus.PENDING, lease_until=None))
    db.session.commit()
    assert sending.send_one(message.id).sent  # sent again, as after a crash: the same Message-ID
    assert [(m["subject"], m["text"]) for m in mail_inbox(app, to)] == [("企业开办申请：已受理", "您好")]


def test_backoff_grows_is_capped_and_honours_retry_after():
    delays = [sending.backoff_seconds(n, base=1.0, cap=60.0, jitter=1.0) for n in range(1, 10)]
    assert delays == sorted(delays) and delays[-1] == 60.0
    assert sending.backoff_seconds(1, base=1.0, cap=60.0, jitter=0.0) == 0.5
    assert sending.backoff_seconds(1, base=1.0, cap=60.0, jitter=0.0, at_least=5.0) == 5.0


def test_a_phone_given_sealed_as_a_form_stores_it_reaches_the_phone(app, ctx):
    phone = new_phone()
    message = queue_sms(encrypt_value(phone), "密封的号码", "sealed-phone")
    db.session.commit()
    assert sending.send_one(message.id).sent and sms_inbox(app, phone) == ["密封的号码"]


def test_every_messages_queue_has_a_consumer_and_beat_sends_what_is_due(app):
    procfile = (Path(ROOT) / "Procfile").read_text()
    consumed = set(re.search(r"--queues (\S+)", procfile).group(1).split(","))
    assert set(tasks.QUEUES) <= consumed
    assert (tasks.send.name, tasks.send_due.name) == ("messages.send", "messages.send_due")
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["send-messages"] == {"task": "messages.send_due", "schedule": app.config["OUTBOX_SWEEP_SECONDS"]}


def test_the_messages_of_one_commit_are_claimed_and_recorded_together(app, ctx):
    """A status change's text and e-mail, or a filing's links: one claim and one record for all
    of them (two commits), each still fenced and recorded as it fared; a repeat finds them all taken."""
    phone = new_phone()
    sent = queue_sms(phone, "一并发送", "together-sent")
    refused = queue_sms(UNKNOWN_NUMBER, "空号", "together-refused")
    db.session.commit()
    commits = []
    listen = lambda session: commits.append(1)  # noqa: E731
    event.listen(db.session(), "after_commit", listen)
    try:
        outcomes = sending.send_many([sent.id, refused.id])
    finally:
        event.remove(db.session(), "after_commit", listen)
    assert outcomes == {sent.id: sending.Outcome(claimed=True, sent=True), refused.id: sending.Outcome(claimed=True)}
    assert len(commits) == 2
    db.session.refresh(sent)
    db.session.refresh(refused)
    assert (sent.status, refused.status) == (MessageStatus.SENT, MessageStatus.FAILED)
    assert sms_inbox(app, phone) == ["一并发送"]
    assert sending.send_many([sent.id, refused.id]) == {sent.id: sending.Outcome(claimed=False),
                                                        refused.id: sending.Outcome(claimed=False)}


def test_a_batch_stops_sending_once_half_its_lease_has_gone_and_hands_the_rest_back(app, ctx):
    """A slow gateway: the first text takes 2 s (慢速) of a 2 s lease, so the second is not tried
    but handed back unleased, for the next sender — never reclaimed while sent and unrecorded."""
    slow, after = new_phone(), new_phone()
    first = queue_sms(slow, "慢速的短信", "slow-first")
    second = queue_sms(after, "随后的短信", "slow-second")
    db.session.commit()
    app.config["OUTBOX_LEASE_SECONDS"] = 2
    outcomes = sending.send_many([first.id, second.id])
    assert outcomes == {first.id: sending.Outcome(claimed=True, sent=True),
                        second.id: sending.Outcome(claimed=True, retry_in=0.0)}
    db.session.refresh(second)
    assert second.status == MessageStatus.PENDING and second.lease_until is None and not sms_inbox(app, after)
    app.config["OUTBOX_LEASE_SECONDS"] = 60
    assert sending.send_one(second.id).sent and sms_inbox(app, after) == ["随后的短信"]
