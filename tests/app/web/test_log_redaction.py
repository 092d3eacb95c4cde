"""The web access log never carries a secret: the request lines werkzeug (`flask run`) and gunicorn
(`make run`, production) write have every token, key and signing link rewritten to "…"."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from gunicorn.config import Config
from gunicorn.glogging import Logger
from werkzeug.serving import make_server

from app.web.logs import redact
from tests.factories import file_for_applicant

ROOT = Path(__file__).resolve().parents[3]
SIGNING = "sgn_4f9c2b7d1e8a6035"
SHOP_KEY = "ssk_0123456789abcdef"


def secrets_of(token: str) -> tuple[str, ...]:
    return token, SIGNING, SHOP_KEY


def test_redact_rewrites_each_kind_of_secret():
    line = (f'1.2.3.4 - - [x] "GET /track/2026?lang=en&t=abc123 HTTP/1.1" 303 0 '
            f'"https://kaiban.example.cn/sign/{SIGNING}" "Mozilla" Bearer {SHOP_KEY} '
            f'authorization: Basic dXNlcjpwdw== Authorization={SHOP_KEY} kaiban_track_2026=abc123; session=eyJ0')
    cleaned = redact(line)
    for secret in ("abc123", SIGNING, SHOP_KEY, "dXNlcjpwdw==", "eyJ0"):
        assert secret not in cleaned, secret
    assert "/track/2026?… HTTP/1.1" in cleaned and "/sign/…" in cleaned
    assert redact(f"POST /api/v1/signing/{SIGNING}/verify HTTP/1.1") == "POST /api/v1/signing/…/verify HTTP/1.1"
    assert redact("GET /design/house?text=hello HTTP/1.1") == "GET /design/house?text=hello HTTP/1.1"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


def test_werkzeug_request_lines_carry_no_secret(app):
    number, token = file_for_applicant(app)
    collect = Collect()
    logging.getLogger("werkzeug").addHandler(collect)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        exchanged = requests.get(f"{base}/track/{number}?t={token}", allow_redirects=False, timeout=10)
        assert exchanged.status_code == 303
        requests.get(f"{base}/sign/{SIGNING}", timeout=10)
        requests.post(f"{base}/api/v1/seal-vouchers/X/redeem?key={SHOP_KEY}", timeout=10)
    finally:
        server.shutdown()
        logging.getLogger("werkzeug").removeHandler(collect)
    logged = "\n".join(collect.lines)
    assert f"/track/{number}?…" in logged and "/sign/…" in logged, logged
    for secret in secrets_of(token):
        assert secret not in logged


def gunicorn_access_line(app, path: Path, environ: dict, headers: list[tuple[str, str]]) -> str:
    """One request through gunicorn's own access logger, as a worker writes it (the app was made,
    so its filter is on `gunicorn.access`), with the combined format plus the Authorization header."""
    config = Config()
    config.set("accesslog", str(path))
    config.set("access_log_format", '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" "%({authorization}i)s"')
    logger = Logger(config)
    try:
        logger.access(SimpleNamespace(status="303 See Other", sent=0, headers=[]), SimpleNamespace(headers=headers),
                      environ, timedelta(milliseconds=3))
    finally:
        access_log = logging.getLogger("gunicorn.access")
        for handler in list(access_log.handlers):
            if getattr(handler, "_gunicorn", False):  # gunicorn's own file handler, made for this test
                handler.close()
                access_log.removeHandler(handler)
    return path.read_text(encoding="utf-8")


def test_gunicorn_access_lines_carry_no_secret(app, tmp_path):
    token = "f" * 32
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/track/2026?t={token}", "PATH_INFO": "/track/2026",
               "QUERY_STRING": f"t={token}", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.7",
               "HTTP_REFERER": f"https://kaiban.example.cn/sign/{SIGNING}", "HTTP_USER_AGENT": "Mozilla/5.0"}
    line = gunicorn_access_line(app, tmp_path / "access.log", environ, [("AUTHORIZATION", f"Bearer {SHOP_KEY}")])
    assert line.startswith("10.0.0.7 - - [") and '"GET /track/2026?… HTTP/1.1" 303 0' in line
    assert '"https://kaiban.example.cn/sign/…"' in line and '"Bearer …"' in line
    for secret in secrets_of(token):
        assert secret not in line


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVED = """
import os
from app.factory import create_app
from config import Testing
app = create_app(Testing, SQLALCHEMY_DATABASE_URI=os.environ["SERVED_DATABASE_URL"], WTF_CSRF_ENABLED=False)
"""


@pytest.mark.slow
def test_gunicorn_started_as_the_procfile_starts_it_logs_no_token(app, tmp_path):
    number, token = file_for_applicant(app)
    (tmp_path / "served.py").write_text(SERVED, encoding="utf-8")
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
                   "SERVED_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    # The Procfile's web line: gunicorn, access log on stdout.
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--access-logfile", "-", "served:app"], cwd=ROOT, env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                exchanged = requests.get(f"http://127.0.0.1:{port}/track/{number}?t={token}",
                                         allow_redirects=False, timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        assert exchanged.status_code == 303 and "HttpOnly" in exchanged.headers["Set-Cookie"]
        requests.get(f"http://127.0.0.1:{port}/api/v1/signing/{SIGNING}", timeout=5,
                     headers={"Authorization": f"Bearer {SHOP_KEY}"})
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f'"GET /track/{number}?… HTTP/1.1" 303' in output, output
    assert '"GET /api/v1/signing/… HTTP/1.1"' in output
    for secret in secrets_of(token):
        assert secret not in output
