"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from app.extensions import db
from app.factory import MIGRATIONS, create_app
from config import Testing
from devstack.stack import own_database, reset_postgres


def test_there_is_one_head():
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


# Alembic cannot compare an expression index with its model (it reports it removed and added).
EXPRESSION_INDEXES = {"ix_applications_open_queue"}


def comparable(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


def differences(url: str) -> list:
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": False, "include_object": comparable})
            found = compare_metadata(context, db.metadata)
        db.engine.dispose()
    return found


def test_sqlite_migrations_match_the_models(tmp_path):
    assert differences(f"sqlite:///{tmp_path / 'schema.sqlite'}") == []


def test_postgres_migrations_match_the_models():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    own = own_database(url, "kaiban_schema_check")
    reset_postgres(own)
    assert differences(own) == []
