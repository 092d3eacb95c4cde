"""E-mail over real SMTP to the sandbox's receiver: one message per outbox key, bounces final, deferrals retryable."""

from __future__ import annotations

import socket

import pytest
import requests

from integrations import MailClient, Refused, Retryable, agency_urls, mail_client_from_config
from integrations.mail import SANDBOX_SMTP_OFFSET, message_id, sandbox_smtp
from integrations.sandbox.server import RunningSandbox, sandbox_in_thread

SENDER = "企业开办210 <no-reply@kaiban210.invalid>"


def mailer(sandbox: RunningSandbox) -> MailClient:
    return mail_client_from_config(agency_urls(sandbox.url) | {"MAIL_FROM": SENDER, "AGENCY_READ_TIMEOUT": 5})


def inbox(sandbox: RunningSandbox, to: str) -> list[dict]:
    response = requests.get(f"{sandbox.url}/_sandbox/mail", params={"to": to}, timeout=5)
    assert response.status_code == 200
    return response.json()["messages"]


def test_the_receiver_listens_beside_the_sandbox_and_the_settings_find_it(sandbox):
    host, port = sandbox_smtp(sandbox.url)
    assert port == sandbox.server.port + SANDBOX_SMTP_OFFSET
    settings = agency_urls(sandbox.url)
    assert (settings["SMTP_HOST"], settings["SMTP_PORT"]) == (host, port)
    with socket.create_connection((host, port), timeout=5) as connection:
        assert connection.recv(100).startswith(b"220 ")


def test_a_chinese_message_arrives_as_sent(sandbox):
    sent_id = mailer(sandbox).send("zhangsan@example.com", "企业开办申请：已受理", "您好：\n\n申请已受理。", "status-1-email")
    [message] = inbox(sandbox, "zhangsan@example.com")
    assert message["subject"] == "企业开办申请：已受理"
    assert message["text"] == "您好：\n\n申请已受理。"
    assert message["from"] == "no-reply@kaiban210.invalid"
    assert message["message_id"] == sent_id == message_id("status-1-email")


def test_the_same_key_sent_again_is_one_message(sandbox):
    client = mailer(sandbox)
    for _ in range(3):  # a worker killed after sending, and its successors
        client.send("lisi@example.com", "主题", "正文", "status-2-email")
    client.send("lisi@example.com", "主题", "正文", "status-3-email")
    assert len(inbox(sandbox, "lisi@example.com")) == 2


def test_a_bounce_is_refused_for_good(sandbox):
    with pytest.raises(Refused) as refused:
        mailer(sandbox).send("bounce@example.com", "主题", "正文", "bounce-1")
    assert refused.value.status == 550
    assert inbox(sandbox, "bounce@example.com") == []


def test_a_deferral_is_retryable_and_the_retry_is_accepted(sandbox):
    client = mailer(sandbox)
    with pytest.raises(Retryable) as deferred:
        client.send("defer@example.com", "主题", "正文", "defer-1")
    assert deferred.value.status == 451
    client.send("defer@example.com", "主题", "正文", "defer-1")
    assert len(inbox(sandbox, "defer@example.com")) == 1


def test_no_relay_listening_is_retryable(tmp_path):
    with sandbox_in_thread({"SANDBOX_DB": str(tmp_path / "gone.sqlite")}) as gone:
        client = mailer(gone)
    # The sandbox stopped: its SMTP port is free again, and nothing answers there.
    with pytest.raises(Retryable):
        client.send("zhangsan@example.com", "主题", "正文", "nobody-home")
