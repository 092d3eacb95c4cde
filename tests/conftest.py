"""Shared fixtures: a sandbox on a real port, apps on a fresh database, running stacks."""

import os
import sqlite3
from pathlib import Path

import pytest
from flask_migrate import upgrade
from hypothesis import settings

from app.extensions import db
from app.factory import create_app
from config import Testing
from devstack.stack import Stack, services_urls
from integrations import agency_urls
from integrations.sandbox.server import sandbox_in_thread
from tests.factories import example_payload

# CI explores the same examples every run, so a red build always points at a change, never at
# a lucky draw; at a desk, hypothesis explores afresh each time.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("desk", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "desk")


@pytest.fixture
def payload() -> dict:
    """The example application under a trade name of its own."""
    return example_payload()


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    with sandbox_in_thread({"SANDBOX_DB": str(tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite")}) as running:
        yield running


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """One SQLite database built by the real migrations, once per run; each test gets a copy."""
    folder = tmp_path_factory.mktemp("migrated")
    template = folder / "template.sqlite"
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{template}", INSTANCE_PATH=str(folder))
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()
    return template


def copy_of(template: Path, target: Path) -> Path:
    """A fresh database with the template's contents (SQLite's backup, so a WAL file is included)."""
    source, copy = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


@pytest.fixture
def app(tmp_path, sandbox, migrated_sqlite):
    """A Flask app on a fresh SQLite database built by the real migrations; no worker."""
    database = copy_of(migrated_sqlite, tmp_path / "test.sqlite")
    return create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                      INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=False, **agency_urls(sandbox.url))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session", params=["embedded", "services"])
def stack(request, tmp_path_factory, sandbox):
    """A running stack (one worker with beat) on each backend in turn."""
    if request.param == "services" and not services_urls():
        pytest.skip("TEST_DATABASE_URL / TEST_REDIS_URL not set (.ci/run sets them)")
    stack = Stack(request.param, tmp_path_factory.mktemp(f"stack-{request.param}"), sandbox.url)
    stack.app = stack.make_app()
    stack.start_worker()
    yield stack
    stack.stop()
