"""Clerk fixtures: staff accounts and applications in chosen states, straight in the database."""

import pytest

from app.extensions import db
from app.models import ApplicationStatus, Role, StepStatus, User
from app.pipeline import operations
from tests.conftest import example_payload

PASSWORD = "correct horse 210"


def create_user(username: str, role: str, display_name: str | None = None) -> None:
    user = User(username=username, role=role, display_name=display_name or username)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()


def sign_in(client, username: str):
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.data
    return client


def create_application(status: str = ApplicationStatus.PROCESSING, stuck: dict | None = None, **changes):
    """Submit the example payload, then put it (and named steps) in the given states."""
    application = operations.file_with_steps(example_payload(**changes)).application
    application.status = status
    for step in application.steps:
        if step.name in ("name_approval", "registration"):
            step.status, step.attempts, step.reference = StepStatus.DONE, 1, f"REF-{step.name}"
    for name, (step_status, error) in (stuck or {}).items():
        step = application.step(name)
        step.status, step.error, step.attempts = step_status, error, 3
    db.session.commit()
    return application


@pytest.fixture
def staff(app):
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
