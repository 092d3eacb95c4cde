"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os
from datetime import UTC

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


def test_going_below_signing_is_refused_while_an_application_awaits_signatures(tmp_path):
    # The code before 0014 would run its steps and file it unsigned: the operator decides first.
    from datetime import datetime

    from alembic import command
    from sqlalchemy import text

    from tests.factories import create_bare_application
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'down.sqlite'}")
    with app.app_context():
        upgrade()
        create_bare_application("N1", datetime(2026, 12, 1, 1, tzinfo=UTC), status="awaiting_signatures",
                                accepted_at=None, due_at=None)
        db.session.commit()
        config = app.extensions["migrate"].migrate.get_config(MIGRATIONS)
        with pytest.raises(RuntimeError, match="still await signatures"):
            command.downgrade(config, "0013")
        db.session.execute(text("UPDATE applications SET status = 'withdrawn'"))
        db.session.commit()
        command.downgrade(config, "0013")
        db.engine.dispose()
