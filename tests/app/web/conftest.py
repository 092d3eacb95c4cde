"""Production settings with every hole closed: a real signing key and certificate made for the test."""

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask_migrate import upgrade

from app.factory import create_app
from config import Production
from integrations import agency_urls
from tests.support.party_ca import party_ca_settings

AUTHORITY = "竹溪县市场监督管理局"


def signing_key_and_certificate(directory: Path, valid_days: int = 365) -> tuple[str, str]:
    """An ECDSA P-256 key and a self-signed certificate for the authority, as two PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, AUTHORITY),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"{AUTHORITY}电子签章")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=2 * abs(valid_days) + 1))
                   .not_valid_after(now + timedelta(days=valid_days))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = directory / "authority.key", directory / "authority.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


@pytest.fixture
def production_settings(tmp_path, sandbox) -> dict:
    """What a production deployment sets; each test takes one away or weakens it."""
    key_path, cert_path = signing_key_and_certificate(tmp_path / "keys")
    return {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SIGNING_KEY_PATH": key_path, "SIGNING_CERT_PATH": cert_path,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1",
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(), "LOOKUP_KEY": secrets.token_urlsafe(32),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'production.sqlite'}", "INSTANCE_PATH": str(tmp_path),
        "CELERY_BROKER_URL": "memory://nobody-consumes-this", **agency_urls(sandbox.url),
        "PUBLIC_BASE_URL": "https://kaiban.zhuxi.gov.cn",
        **party_ca_settings(tmp_path / "party-ca"),
    }


@pytest.fixture
def production_app(production_settings):
    """A production app on its own migrated SQLite database."""
    app = create_app(Production, **production_settings)
    with app.app_context():
        upgrade(revision="heads")
    return app
