"""Production refuses to start on weak settings; the embedded default says it is a demonstration."""

import logging
import os
import secrets
import subprocess
import sys

import pytest

from app.documents.signatures import DEMO_CA_FILE, demo_party_ca
from app.documents.signing import DEMO_KEY_FILE, demo_signer
from app.factory import create_app
from app.issuance.signer import current_signer
from app.signing.documents import the_party_ca
from app.web.production import InsecureSettings, secret_key_problem
from config import ROOT, Default, Production, Testing
from tests.app.web.conftest import signing_key_and_certificate
from tests.support.party_ca import party_ca_files, party_ca_settings


@pytest.fixture
def production_settings(production_settings, tmp_path) -> dict:
    """The shared production settings with the parties' signing CA (when the shared fixture lacks it)."""
    return party_ca_settings(tmp_path / "party-ca") | production_settings

WEAK_SECRET_KEYS = {
    "missing": "",
    "the old public default": "dev-only-secret-change-me",
    "short": "Zk3-pQ9_rT5wX2",
    "one character over and over": "a" * 64,
    "a short pattern over and over": "kaiban210-" * 5,
    "few distinct characters": "ab" * 10 + "ba" * 10 + "abba" * 4,
}


@pytest.mark.parametrize("key", WEAK_SECRET_KEYS.values(), ids=WEAK_SECRET_KEYS.keys())
def test_production_refuses_a_weak_secret_key(production_settings, key):
    """The key that signs staff sessions and applicants' tokens: with a weak one, both are forged."""
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **production_settings | {"SECRET_KEY": key})
    assert len(refused.value.problems) == 1 and refused.value.problems[0].startswith("SECRET_KEY ")
    assert "SECRET_KEY" in str(refused.value) and "KAIBAN_CONFIG=production" in str(refused.value)


def test_random_keys_of_the_usual_kinds_are_strong_enough():
    for _ in range(200):
        assert secret_key_problem(secrets.token_hex(16)) is None
        assert secret_key_problem(secrets.token_urlsafe(32)) is None


HOLES = {
    "no shared rate-limit store": ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI"),
    "rate limits off": ({"RATELIMIT_ENABLED": False}, "RATELIMIT_ENABLED"),
    "no personal-data keys": ({"PERSONAL_DATA_KEYS": ""}, "PERSONAL_DATA_KEYS"),
    "no lookup key": ({"LOOKUP_KEY": ""}, "LOOKUP_KEY"),
    "the tests' public personal-data key": ({"PERSONAL_DATA_KEYS": Testing.PERSONAL_DATA_KEYS}, "PERSONAL_DATA_KEYS"),
    "the tests' public lookup key": ({"LOOKUP_KEY": Testing.LOOKUP_KEY}, "LOOKUP_KEY"),
    "no signing key": ({"SIGNING_KEY_PATH": "", "SIGNING_CERT_PATH": ""}, "SIGNING_KEY_PATH"),
    "a key file that is not there": ({"SIGNING_KEY_PATH": "/nonexistent/authority.key"}, "SIGNING_KEY_PATH"),
    "a PEM key without its certificate": ({"SIGNING_CERT_PATH": ""}, "SIGNING_CERT_PATH"),
    "links in cleartext": ({"PUBLIC_BASE_URL": "http://kaiban.zhuxi.gov.cn"}, "PUBLIC_BASE_URL"),
    "links to this machine": ({"PUBLIC_BASE_URL": "https://127.0.0.1:5000"}, "PUBLIC_BASE_URL"),
    "no parties' signing CA": ({"PARTY_CA_KEY_PATH": "", "PARTY_CA_CERT_PATH": ""}, "PARTY_CA_KEY_PATH"),
    "a CA key file that is not there": ({"PARTY_CA_KEY_PATH": "/nonexistent/party-ca.key"}, "PARTY_CA_KEY_PATH"),
    "a CA key without its certificate": ({"PARTY_CA_CERT_PATH": ""}, "PARTY_CA_CERT_PATH"),
}


@pytest.mark.parametrize("hole, setting", HOLES.values(), ids=HOLES.keys())
def test_production_refuses_each_hole_naming_the_setting(production_settings, hole, setting):
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **production_settings | hole)
    assert len(refused.value.problems) == 1
    assert setting in refused.value.problems[0]


def test_production_refuses_the_demonstration_key_even_when_pointed_at_it(production_settings, tmp_path):
    """Copying instance/demo-authority-signing.pem into the settings is still the public demo key."""
    demo_signer(tmp_path / "demo")
    bundle = str(tmp_path / "demo" / DEMO_KEY_FILE)
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **production_settings | {"SIGNING_KEY_PATH": bundle, "SIGNING_CERT_PATH": bundle})
    assert "demonstration key" in refused.value.problems[0]


def test_production_refuses_an_expired_signing_certificate(production_settings, tmp_path):
    key_path, cert_path = signing_key_and_certificate(tmp_path / "old", valid_days=-1)
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **production_settings | {"SIGNING_KEY_PATH": key_path, "SIGNING_CERT_PATH": cert_path})
    assert "SIGNING_CERT_PATH" in refused.value.problems[0] and "expired" in refused.value.problems[0]


def test_production_refuses_the_demonstration_party_ca_even_when_pointed_at_it(production_settings, tmp_path):
    """instance/demo-party-ca.pem (key and certificate in one file) is a public demonstration CA."""
    demo_party_ca(tmp_path / "demo")
    bundle = str(tmp_path / "demo" / DEMO_CA_FILE)
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **production_settings | {"PARTY_CA_KEY_PATH": bundle, "PARTY_CA_CERT_PATH": bundle})
    assert len(refused.value.problems) == 1 and "demonstration CA" in refused.value.problems[0]


@pytest.mark.parametrize("made", [{"valid_days": -1}, {"is_ca": False}], ids=["expired", "not a CA"])
def test_production_refuses_a_party_ca_that_cannot_issue(production_settings, tmp_path, made):
    key_path, cert_path = party_ca_files(tmp_path / "bad-ca", **made)
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **production_settings | {"PARTY_CA_KEY_PATH": key_path, "PARTY_CA_CERT_PATH": cert_path})
    assert len(refused.value.problems) == 1 and "PARTY_CA_CERT_PATH" in refused.value.problems[0]
    assert ("expired" if made.get("valid_days") else "not a CA certificate") in refused.value.problems[0]


def test_production_signs_for_the_parties_with_the_configured_ca(production_app):
    with production_app.app_context():
        ca = the_party_ca()
    assert ca.name == "企业开办210 电子签名CA" and not ca.demo


def test_one_refusal_lists_every_missing_setting(production_settings):
    bare = production_settings | {"SECRET_KEY": "", "SIGNING_KEY_PATH": "", "SIGNING_CERT_PATH": "",
                                  "RATELIMIT_STORAGE_URI": "memory://", "PERSONAL_DATA_KEYS": "", "LOOKUP_KEY": "",
                                  "PARTY_CA_KEY_PATH": "", "PARTY_CA_CERT_PATH": ""}
    with pytest.raises(InsecureSettings) as refused:
        create_app(Production, **bare)
    message = str(refused.value)
    for setting in ("SECRET_KEY", "SIGNING_KEY_PATH", "RATELIMIT_STORAGE_URI", "PERSONAL_DATA_KEYS", "LOOKUP_KEY",
                    "PARTY_CA_KEY_PATH"):
        assert setting in message
    assert len(refused.value.problems) == 6


def test_production_starts_with_every_setting_in_place_and_signs_with_the_real_key(production_app):
    with production_app.app_context():
        signer = current_signer()
    assert signer.authority == "竹溪县市场监督管理局" and "演示" not in signer.certificate.subject.human_friendly
    response = production_app.test_client().get("/login", base_url="https://kaiban.example.gov.cn")
    assert response.status_code == 200
    assert "演示环境" not in response.get_data(as_text=True)


def test_production_never_falls_back_to_a_demonstration_key(production_app, tmp_path):
    """Settings emptied after start (or a code path that skips the start check) sign nothing."""
    production_app.config.update(SIGNING_KEY_PATH="", SIGNING_CERT_PATH="")
    with production_app.app_context(), pytest.raises(RuntimeError, match="SIGNING_KEY_PATH"):
        current_signer()
    assert not (tmp_path / DEMO_KEY_FILE).exists()


def test_every_process_refuses_production_without_settings(tmp_path):
    """gunicorn, the Celery workers and `flask` all import wsgi.py, i.e. create_app."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "SIGNING_KEY_PATH", "SIGNING_CERT_PATH", "RATELIMIT_STORAGE_URI",
                        "PERSONAL_DATA_KEYS", "LOOKUP_KEY", "PARTY_CA_KEY_PATH", "PARTY_CA_CERT_PATH")}
    env |= {"KAIBAN_CONFIG": "production", "INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "routes"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "InsecureSettings" in result.stderr
    for setting in ("SECRET_KEY is not set", "SIGNING_KEY_PATH", "RATELIMIT_STORAGE_URI", "PERSONAL_DATA_KEYS",
                    "PARTY_CA_KEY_PATH"):
        assert setting in result.stderr
    assert "public.index" not in result.stdout


def test_the_embedded_default_starts_with_no_setup_and_warns_once(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        app = create_app(Default, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'demo.sqlite'}",
                         INSTANCE_PATH=str(tmp_path))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "DEMONSTRATION" in r.getMessage()]
    assert len(warnings) == 1
    assert app.config["SECRET_KEY"] and app.config["DEMONSTRATION"] is True


def test_every_page_of_the_demonstration_says_so_in_the_footer(app, client, clerk_client):
    for page in (client.get("/"), client.get("/login"), client.get("/verify/"), clerk_client.get("/clerk/"),
                 client.get("/no-such-page")):
        html = page.get_data(as_text=True)
        footer = html[html.index('<footer class="footer">'):]
        assert "演示环境：数据与签名仅供测试" in footer
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Demonstration: data and signatures are for testing only" in english
