"""An app on a throwaway PostgreSQL database of its own, for the tests that race on the real thing."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.factory import create_app
from config import Testing
from integrations import agency_urls


@contextmanager
def postgres_app(sandbox_url: str, instance_dir: str) -> Iterator[Flask]:
    """An app on a throwaway database of its own on TEST_DATABASE_URL's server (dropped afterwards).

    Its own database, not the shared one, so other suites resetting `test` at the same time
    cannot pull the schema from under it.
    """
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"kaiban_issuance_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=server.set(database=name).render_as_string(hide_password=False),
                     INSTANCE_PATH=instance_dir, WTF_CSRF_ENABLED=False, **agency_urls(sandbox_url))
    try:
        with app.app_context():
            upgrade(revision="heads")
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
