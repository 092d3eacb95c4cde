"""Every file the app makes under instance/ — the SQLite database and its WAL/SHM, the broker's SQLite
file, the demonstration keys, the beat schedule — is readable by the owner only."""

import os
import stat
from pathlib import Path

import pytest
from celery.beat import PersistentScheduler
from cryptography.fernet import Fernet
from flask_migrate import upgrade

from app.extensions import db
from app.factory import create_app
from app.issuance.signer import current_signer
from config import Default
from integrations import agency_urls
from tests.app.privacy.people import founders_payload
from tests.factories import filed_application


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """Start from the usual 022, as a shell does, so only the app can make the files owner-only."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_embedded_default_creates_every_file_owner_only(tmp_path, sandbox, open_umask):
    instance = tmp_path / "instance"
    app = create_app(Default, TESTING=True, INSTANCE_PATH=str(instance), PERSONAL_DATA_KEYS="", LOOKUP_KEY="",
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'kaiban.sqlite'}",
                     CELERY_BROKER_URL=f"sqla+sqlite:///{instance / 'broker.sqlite'}", SIGNING_KEY_PATH="",
                     **agency_urls(sandbox.url))  # the parties' identity checks, when they sign
    celery = app.extensions["celery"]
    with app.app_context():
        upgrade(revision="heads")
        filed_application(founders_payload())
        current_signer()  # the demonstration signing key
        with celery.connection_for_write() as connection:  # the broker's SQLite file
            connection.SimpleQueue("files-check").put({"made": True})
        scheduler = PersistentScheduler(app=celery, schedule_filename=str(instance / "celerybeat-schedule"))
        scheduler.sync()
        scheduler.close()
        with db.engine.connect():  # while a connection is open the WAL and SHM files exist
            made = sorted(path.name for path in instance.iterdir())
            modes = {path.name: mode(path) for path in instance.iterdir()}
        db.engine.dispose()
    for expected in ("kaiban.sqlite", "kaiban.sqlite-wal", "kaiban.sqlite-shm", "broker.sqlite",
                     "personal-data.key", "lookup.key"):
        assert expected in made
    assert any(name.startswith("celerybeat-schedule") for name in made)
    assert len(made) >= 8  # the signing key too
    assert {name: m for name, m in modes.items() if m != 0o600} == {}
    assert mode(instance) == 0o700


def test_files_made_before_are_narrowed_at_start(tmp_path, open_umask):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    database = instance / "kaiban.sqlite"
    database.write_bytes(b"")
    database.chmod(0o644)
    key = instance / "personal-data.key"
    key.write_bytes(Fernet.generate_key())
    key.chmod(0o664)
    create_app(Default, TESTING=True, INSTANCE_PATH=str(instance), PERSONAL_DATA_KEYS="", LOOKUP_KEY="",
               SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", CELERY_BROKER_URL="memory://")
    assert mode(database) == 0o600 and mode(instance) == 0o700
    assert mode(key) == 0o600
