"""python -m integrations.sandbox serves on the port and database it is given."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

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
