"""The SMS gateway client against the sandbox gateway: one text per key, refusals final, timeouts retryable."""

from __future__ import annotations

import time

import pytest
import requests

from integrations import Refused, Retryable, SmsGatewayClient, agency_urls, sms_gateway_from_config
from integrations.sandbox.server import RunningSandbox
from integrations.sandbox.sms import SLOW_NUMBER, UNKNOWN_NUMBER
from tests.integrations.conftest import READ_TIMEOUT, SANDBOX_TIMEOUT_SECONDS


def gateway(sandbox: RunningSandbox, read_timeout: float = 10.0) -> SmsGatewayClient:
    return sms_gateway_from_config(agency_urls(sandbox.url) | {"AGENCY_READ_TIMEOUT": read_timeout})


def inbox(sandbox: RunningSandbox, phone: str | None = None) -> list[dict]:
    response = requests.get(f"{sandbox.url}/_sandbox/sms", params={"phone": phone} if phone else None, timeout=5)
    assert response.status_code == 200
    return response.json()["messages"]


def test_a_text_reaches_the_inbox_with_the_documented_shape(sandbox):
    answer = gateway(sandbox).send("13912345678", "【企业开办】您的验证码为：123456", "code-1")
    assert answer["reference"].startswith("DX") and answer["sent_at"].endswith("+08:00")
    [message] = inbox(sandbox, "13912345678")
    assert message == {"to": "13912345678", "text": "【企业开办】您的验证码为：123456", "sent_at": answer["sent_at"]}


def test_the_same_key_again_is_a_replay_not_a_second_text(sandbox, stats):
    client = gateway(sandbox)
    first = client.send("13912345678", "第一条", "status-1")
    assert client.send("13912345678", "第一条", "status-1") == first
    assert client.send("13912345678", "另一段文字，同一个键", "status-1") == first  # the key decides, not the body
    assert [m["text"] for m in inbox(sandbox, "13912345678")] == ["第一条"]
    assert stats()["sms"] == {"effects": 1, "replays": 2, "duplicates_per_application": 0}


def test_the_inbox_is_newest_first_and_per_phone(sandbox):
    client = gateway(sandbox)
    for n in range(3):
        client.send("13912345678", f"第{n}条", f"k-{n}")
    client.send("13700000001", "别人的", "k-other")
    assert [m["text"] for m in inbox(sandbox, "13912345678")] == ["第2条", "第1条", "第0条"]
    assert len(inbox(sandbox)) == 4


def test_an_unknown_number_is_refused_and_stays_refused(sandbox):
    client = gateway(sandbox)
    for _ in range(2):  # the refusal is stored under the key like any answer
        with pytest.raises(Refused) as refused:
            client.send(UNKNOWN_NUMBER, "你好", "to-nobody")
        assert refused.value.code == "unknown_number" and refused.value.status == 422
    assert inbox(sandbox, UNKNOWN_NUMBER) == []


def test_what_is_not_a_mobile_number_is_refused(sandbox):
    with pytest.raises(Refused) as refused:
        gateway(sandbox).send("0719-2722000", "你好", "landline")
    assert refused.value.code == "bad_number"


def test_the_slow_number_times_out_once_then_the_retry_gets_the_one_text(sandbox):
    client = gateway(sandbox, read_timeout=READ_TIMEOUT)
    with pytest.raises(Retryable):
        client.send(SLOW_NUMBER, "慢一点", "slow-1")
    # The gateway finished after the client gave up; the retry under the same key is a replay.
    time.sleep(SANDBOX_TIMEOUT_SECONDS)
    answer = client.send(SLOW_NUMBER, "慢一点", "slow-1")
    assert answer["reference"].startswith("DX")
    assert [m["text"] for m in inbox(sandbox, SLOW_NUMBER)] == ["慢一点"]


def test_busy_answers_503_twice_then_sends(sandbox):
    client = gateway(sandbox)
    for _ in range(2):
        with pytest.raises(Retryable) as busy:
            client.send("13912345678", "系统繁忙时的短信", "busy-1")
        assert busy.value.status == 503
    client.send("13912345678", "系统繁忙时的短信", "busy-1")
    assert len(inbox(sandbox, "13912345678")) == 1


def test_a_send_without_a_key_never_leaves_the_client(sandbox):
    with pytest.raises(ValueError):
        gateway(sandbox).send("13912345678", "无键", "")
    raw = requests.post(f"{sandbox.url}/sms/messages", json={"to": "13912345678", "text": "无键"}, timeout=5)
    assert raw.status_code == 400 and inbox(sandbox) == []


def test_injected_faults_reach_the_gateway_but_not_its_inbox(sandbox, configure):
    configure(SANDBOX_ERROR_RATE=1.0)
    with pytest.raises(Retryable):
        gateway(sandbox).send("13912345678", "故障", "fault-1")
    assert inbox(sandbox) == []  # /_sandbox answers whatever the faults
