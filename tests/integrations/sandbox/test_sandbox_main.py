"""python -m integrations.sandbox serves on the port and database it is given."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from integrations import Retryable, agency_urls, mail_client_from_config
from integrations.mail import SANDBOX_SMTP_OFFSET
from integrations.sandbox import mail
from integrations.sandbox.server import make_sandbox_server

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_command_line_server(tmp_path: Path):
    port, db = _free_port(), tmp_path / "state" / "sandbox.sqlite"
    process = subprocess.Popen(
        [sys.executable, "-m", "integrations.sandbox", "--port", str(port), "--db", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        deadline, answer = time.monotonic() + 20, None
        while answer is None and time.monotonic() < deadline:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/name-approval/names/check",
                                      params={"region": "竹溪县", "trade_name": "云帆", "industry": "科技",
                                              "org_form": "有限公司", "entity_type": "llc"}, timeout=2)
            except requests.ConnectionError:
                time.sleep(0.1)
        assert answer is not None and answer.json()["available"] is True
        assert db.exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def _free_pair() -> int:
    """A port free together with the one SANDBOX_SMTP_OFFSET above it."""
    for _ in range(50):
        port = _free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + SANDBOX_SMTP_OFFSET))
            except OSError:
                continue
        return port
    raise AssertionError("no free pair of ports")


def test_the_command_line_server_receives_mail_beside_its_port_and_still_stops(tmp_path: Path):
    port = _free_pair()
    process = subprocess.Popen(
        [sys.executable, "-m", "integrations.sandbox", "--port", str(port), "--db", str(tmp_path / "s.sqlite")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        client = mail_client_from_config(agency_urls(url) | {"MAIL_FROM": "no-reply@kaiban210.invalid"})
        deadline, sent = time.monotonic() + 20, False
        while not sent and time.monotonic() < deadline:
            try:
                client.send("wang@example.com", "测试", "正文", "main-1")
                sent = True
            except Retryable:
                time.sleep(0.1)
        assert sent
        assert requests.get(f"{url}/_sandbox/mail", params={"to": "wang@example.com"}, timeout=5).json()["messages"]
    finally:
        process.terminate()
        assert process.wait(timeout=10) is not None  # the receiver's thread does not hold the process


def test_a_taken_smtp_port_leaves_the_agencies_serving(tmp_path: Path, caplog):
    port = _free_pair()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port + SANDBOX_SMTP_OFFSET))
        squatter.listen()
        running = make_sandbox_server("127.0.0.1", port, {"SANDBOX_DB": str(tmp_path / "s.sqlite")})
        try:
            assert running.server.port == port and "SMTP receiver not started" in caplog.text
        finally:
            running.server.server_close()
            mail.stop_receiver(running.app)
