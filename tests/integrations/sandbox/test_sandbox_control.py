"""The /_sandbox controls over HTTP, and what the sandbox does under concurrency and delay."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from app.rules.uscc import is_valid_uscc
from integrations import SANDBOX_PATHS, Agencies
from integrations.sandbox.server import RunningSandbox
from tests.factories import registration_body


def test_config_read_change_reset(sandbox: RunningSandbox, configure):
    start = requests.get(f"{sandbox.url}/_sandbox/config", timeout=5).json()
    assert start["SANDBOX_TIMEOUT_SECONDS"] == 1.5  # the override the fixture started with
    assert configure(SANDBOX_ERROR_RATE=0.5)["SANDBOX_ERROR_RATE"] == 0.5
    assert requests.get(f"{sandbox.url}/_sandbox/config", timeout=5).json()["SANDBOX_ERROR_RATE"] == 0.5
    assert requests.post(f"{sandbox.url}/_sandbox/reset", timeout=5).json() == start


def test_bad_config_is_400_and_changes_nothing(sandbox: RunningSandbox):
    response = requests.post(f"{sandbox.url}/_sandbox/config",
                             json={"SANDBOX_LATENCY_MS": 10, "SANDBOX_ERROR_RATE": 2}, timeout=5)
    assert response.status_code == 400
    assert "SANDBOX_ERROR_RATE" in response.json()["error"]
    assert requests.get(f"{sandbox.url}/_sandbox/config", timeout=5).json()["SANDBOX_LATENCY_MS"] == 0


def test_faults_never_reach_the_controls(sandbox: RunningSandbox, configure, stats):
    configure(SANDBOX_ERROR_RATE=1.0)
    assert set(stats()) == set(SANDBOX_PATHS)  # every agency, the SMS gateway among them


def test_reset_keeps_state(sandbox: RunningSandbox, agencies: Agencies, reserve_name):
    reserve_name("云帆")
    requests.post(f"{sandbox.url}/_sandbox/reset", timeout=5)
    assert agencies.name_approval.check("竹溪县", "云帆", "科技", "有限公司", "llc")["available"] is False


def _booking() -> dict:
    return {"application_number": "KB1", "contents": [],
            "sender": {"name": "中心", "phone": "07190000000", "address": "竹溪县政务服务中心"},
            "recipient": {"name": "张三", "phone": "13800000000", "address": "竹溪县人民路1号"}}


def test_replay_is_marked_in_a_header(sandbox: RunningSandbox):
    booking = _booking()
    first = requests.post(f"{sandbox.url}/courier/waybills", json=booking, headers={"Idempotency-Key": "k"}, timeout=5)
    again = requests.post(f"{sandbox.url}/courier/waybills", json=booking, headers={"Idempotency-Key": "k"}, timeout=5)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"


def test_the_same_key_from_twenty_threads_has_one_effect(agencies: Agencies, reserve_name, stats):
    body = registration_body(reserve_name("云帆"))
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: agencies.registration.register(body, "shared-key"), range(20)))
    assert all(answer == answers[0] for answer in answers)
    assert is_valid_uscc(answers[0]["uscc"])
    assert stats()["registration"] == {"effects": 1, "replays": 19, "duplicates_per_application": 0}


def _timed(call) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


def test_latency_per_agency(agencies: Agencies, configure):
    configure(SANDBOX_LATENCY_MS_NAME_APPROVAL=800)
    assert _timed(lambda: agencies.name_approval.check("竹溪县", "云帆", "科技", "有限公司", "llc")) >= 0.8
    assert _timed(lambda: agencies.courier.book(_booking(), "courier-key")) < 0.8
    configure(SANDBOX_LATENCY_MS_NAME_APPROVAL=None)
    assert _timed(lambda: agencies.name_approval.check("竹溪县", "云帆", "科技", "有限公司", "llc")) < 0.8


def test_magic_slow_word(agencies: Agencies, configure):
    configure(SANDBOX_MAGIC_SLOW_MS=800)
    assert _timed(lambda: agencies.name_approval.check("竹溪县", "云帆慢速", "科技", "有限公司", "llc")) >= 0.8
    assert _timed(lambda: agencies.name_approval.check("竹溪县", "云帆", "科技", "有限公司", "llc")) < 0.8


def test_state_file_is_in_wal_mode(sandbox: RunningSandbox):
    with sqlite3.connect(sandbox.app.config["SANDBOX_DB"]) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
