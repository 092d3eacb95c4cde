"""A worker SIGKILLed in the middle of a batch of messages: after a restart every message has
reached the gateway exactly once (counted in the sandbox's inboxes), none lost, none twice.
And the two ways a message is sent: the after-commit kick at once, the beat task for the rest."""

from __future__ import annotations

import secrets
import time
from collections import Counter

import pytest
import requests
from sqlalchemy import func, insert, select

from app.extensions import db
from app.messages.operations import queue_email, queue_sms
from app.models import MessageChannel, MessageStatus, OutboxMessage
from app.models.types import utcnow
from app.privacy.values import encrypt_value
from devstack.stack import Stack, services_urls, wait_until

pytestmark = pytest.mark.slow
BATCH = 40  # texts; and a quarter as many e-mails
COMMITS = 4  # the batch is written in this many transactions, as by as many requests


@pytest.fixture(params=["embedded", "services"])
def messages_stack(request, tmp_path, sandbox):
    if request.param == "services" and not services_urls():
        pytest.skip("TEST_DATABASE_URL / TEST_REDIS_URL not set (.ci/run sets them)")
    database = "kaiban_messages" if request.param == "services" else None
    stack = Stack(request.param, tmp_path, sandbox.url, database_name=database)
    stack.app = stack.make_app()
    # Slow enough that the kill lands mid-batch on two cores.
    stack.sandbox("/_sandbox/config", SANDBOX_LATENCY_MS_SMS=250)
    yield stack
    stack.stop()
    stack.sandbox("/_sandbox/reset", reset=True)


def sent(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status == MessageStatus.SENT))


def inbox(stack: Stack, kind: str, **query: str) -> list[dict]:
    return requests.get(f"{stack.sandbox_url}/_sandbox/{kind}", params=query, timeout=10).json()["messages"]


def test_killing_the_worker_mid_batch_loses_no_message_and_sends_none_twice(messages_stack):
    stack, app = messages_stack, messages_stack.app
    run = secrets.token_hex(3)
    phone, address = "139" + f"{secrets.randbelow(10**8):08d}", f"kill-{run}@example.com"
    with app.app_context():
        for commit in range(COMMITS):
            for n in range(commit * BATCH // COMMITS, (commit + 1) * BATCH // COMMITS):
                queue_sms(phone, f"【企业开办】第{n}条（{run}）", f"kill-{run}-sms-{n}")
                if n % 4 == 0:
                    queue_email(address, f"第{n}封", f"正文{n}", f"kill-{run}-mail-{n}")
            db.session.commit()  # each commit kicks its messages into the stack's broker

    worker = stack.start_worker(concurrency=2, OUTBOX_LEASE_SECONDS="3", OUTBOX_SWEEP_SECONDS="1")
    wait_until(lambda: sent(app) >= 4, 60, message="some messages sent")
    stack.kill_worker(worker)
    assert sent(app) < BATCH + BATCH // 4, "the batch finished before the kill; the test proved nothing"

    stack.start_worker(concurrency=2, OUTBOX_LEASE_SECONDS="3", OUTBOX_SWEEP_SECONDS="1")
    wait_until(lambda: sent(app) == BATCH + BATCH // 4, 120, interval=0.5, message="every message sent after the restart")

    texts = Counter(m["text"] for m in inbox(stack, "sms", phone=phone))
    assert texts == Counter({f"【企业开办】第{n}条（{run}）": 1 for n in range(BATCH)})
    subjects = Counter(m["subject"] for m in inbox(stack, "mail", to=address))
    assert subjects == Counter({f"第{n}封": 1 for n in range(0, BATCH, 4)})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status != MessageStatus.SENT)) == 0


def test_the_kick_sends_at_once_and_the_beat_task_sends_what_no_kick_announced(messages_stack):
    stack, app = messages_stack, messages_stack.app
    stack.sandbox("/_sandbox/config", SANDBOX_LATENCY_MS_SMS=0)
    stack.start_worker(concurrency=2, OUTBOX_SWEEP_SECONDS="5")
    kicked, unannounced, probe = ("139" + f"{secrets.randbelow(10**8):08d}" for _ in range(3))
    with app.app_context():  # the worker is up and polling once a first kicked message is through
        queue_sms(probe, "【企业开办】预热", f"kick-{probe}")
        db.session.commit()
    wait_until(lambda: inbox(stack, "sms", phone=probe), 60, message="the worker's first message")
    with app.app_context():
        queue_sms(kicked, "【企业开办】即时", f"kick-{kicked}")
        # Written around the outbox's operations, as if the process died between commit and kick.
        now = utcnow()
        db.session.execute(insert(OutboxMessage).values(
            channel=MessageChannel.SMS, recipient=encrypt_value(unannounced), body=encrypt_value("【企业开办】补发"),
            idempotency_key=f"beat-{unannounced}", status=MessageStatus.PENDING, attempts=0,
            created_at=now, next_try_at=now))
        committed = time.monotonic()
        db.session.commit()
    # Before the beat task could (it takes only messages due for OUTBOX_SWEEP_SECONDS): the kick.
    wait_until(lambda: inbox(stack, "sms", phone=kicked), 4, message="the kicked message")
    assert time.monotonic() - committed < 5 and not inbox(stack, "sms", phone=unannounced)
    wait_until(lambda: inbox(stack, "sms", phone=unannounced), 30, message="the beat task's message")
