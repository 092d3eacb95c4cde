"""Fixtures for the app's tests: an app context, signed-in staff, a finished application."""

import pytest

from app.models import Role, User
from tests.factories import create_user, ready_application, sign_in


@pytest.fixture
def ctx(app):
    """The test runs inside the app's context (the database session is the app's)."""
    with app.app_context():
        yield app


@pytest.fixture
def staff(app):
    """A clerk (clerk1), a supervisor (boss) and a courier (courier1)."""
    with app.app_context():
        create_user("clerk1", Role.CLERK, "王窗口")
        create_user("boss", Role.SUPERVISOR, "李主管")
        create_user("courier1", Role.COURIER, "赵快递")


@pytest.fixture
def clerk_client(app, staff):
    return sign_in(app.test_client(), "clerk1")


@pytest.fixture
def supervisor_client(app, staff):
    return sign_in(app.test_client(), "boss")


@pytest.fixture
def courier(ctx) -> User:
    return create_user("wang.courier", Role.COURIER, "王揽收")


@pytest.fixture
def courier_client(app, courier):
    return sign_in(app.test_client(), courier.username)


@pytest.fixture
def finished(app) -> str:
    """The number of a finished application (documents built) on the function-scoped app's database."""
    with app.app_context():
        return ready_application().number
