"""Settings follow the ports `make run` is given, so two copies can run side by side."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings_under(**environment: str) -> dict:
    script = ("import json, config; d = config.Default; "
              "print(json.dumps({k: getattr(d, k) for k in ('PUBLIC_BASE_URL', 'NAME_APPROVAL_URL', 'COURIER_URL')}))")
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "SANDBOX_PORT", "SANDBOX_URL", "PUBLIC_BASE_URL")}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env | environment,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_defaults_are_the_documented_ports():
    assert settings_under() == {"PUBLIC_BASE_URL": "http://127.0.0.1:5000",
                                "NAME_APPROVAL_URL": "http://127.0.0.1:5001/name-approval",
                                "COURIER_URL": "http://127.0.0.1:5001/courier"}


def test_another_port_pair_moves_the_public_address_and_the_sandbox():
    settings = settings_under(PORT="5720", SANDBOX_PORT="5721")
    assert settings["PUBLIC_BASE_URL"] == "http://127.0.0.1:5720"
    assert settings["NAME_APPROVAL_URL"] == "http://127.0.0.1:5721/name-approval"


def test_explicit_addresses_win():
    settings = settings_under(PORT="5720", PUBLIC_BASE_URL="https://kaiban.example.gov.cn",
                              SANDBOX_URL="http://127.0.0.1:6001")
    assert settings["PUBLIC_BASE_URL"] == "https://kaiban.example.gov.cn"
    assert settings["COURIER_URL"] == "http://127.0.0.1:6001/courier"


def test_make_run_hands_every_process_the_web_port_as_the_public_address():
    """honcho gives each process its own PORT; the Makefile fixes PUBLIC_BASE_URL before it does."""
    dry_run = subprocess.run(["make", "-n", "run", "PORT=5720", "SANDBOX_PORT=5721"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert "PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:5720}" in dry_run
    assert "SANDBOX_PORT=5721" in dry_run
    assert "--port $SANDBOX_PORT" in (ROOT / "Procfile").read_text()


def test_only_production_is_not_a_demonstration_and_it_has_no_default_secret_key():
    script = ("import json, config; print(json.dumps({n: [c.DEMONSTRATION, c.SECRET_KEY, c.FORCE_HTTPS] "
              "for n, c in config.CONFIGS.items()}))")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FORCE_HTTPS")}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    configs = json.loads(result.stdout)
    assert configs["production"] == [False, "", True]  # no key unless SECRET_KEY is set: it refuses to start
    for name in ("default", "development", "testing"):
        demonstration, secret_key, force_https = configs[name]
        assert demonstration is True and secret_key and force_https is False
