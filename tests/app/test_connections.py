"""A pooled PostgreSQL connection the server has closed is replaced at checkout, and a live one is
handed out without asking the server anything (app.connections). On the machine's PostgreSQL."""

import time

import pytest
from sqlalchemy import create_engine, text

from app.connections import dropped
from app.extensions import db
from app.factory import create_app
from config import Testing
from devstack.stack import services_urls

pytestmark = pytest.mark.skipif(not services_urls(), reason="TEST_DATABASE_URL / TEST_REDIS_URL not set (.ci/run sets them)")


@pytest.fixture
def postgres_app(tmp_path):
    database_url, _ = services_urls()
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=database_url, INSTANCE_PATH=str(tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


def terminate(database_url: str, pid: int) -> None:
    """End one backend as a restart would (its socket gets the FATAL message, then end of file)."""
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    admin.dispose()


def backend_pid() -> int:
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    db.session.remove()  # back to the pool, still open
    return pid


def test_a_connection_the_server_ended_is_replaced_at_checkout(postgres_app):
    with postgres_app.app_context():
        assert not db.engine.pool._pre_ping  # no round trip per checkout
        first = backend_pid()
        assert backend_pid() == first  # the pool hands the same live connection back
        terminate(postgres_app.config["SQLALCHEMY_DATABASE_URI"], first)
        time.sleep(0.2)
        second = backend_pid()  # an OperationalError here without the checkout check
        assert second != first


def test_dropped_tells_a_live_idle_connection_from_one_the_server_closed(postgres_app):
    with postgres_app.app_context():
        raw = db.engine.raw_connection()
        try:
            connection = raw.driver_connection
            pid = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
            connection.rollback()
            assert not dropped(connection)
            terminate(postgres_app.config["SQLALCHEMY_DATABASE_URI"], pid)
            deadline = time.monotonic() + 5
            while not dropped(connection) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert dropped(connection)
        finally:
            raw.invalidate()
