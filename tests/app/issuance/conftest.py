"""A finished application without a worker: every step run in this process against the sandbox."""

import pytest

from app.applications import operations
from app.extensions import db
from app.models import Application
from app.pipeline import runner
from forms.schema import validate_application
from tests.conftest import example_payload


def run_pipeline(application_id: int) -> Application:
    """Run each queued step here, in plan order, until none is left; returns the fresh row."""
    application = db.session.get(Application, application_id)
    queue = runner.mark_queued(application)
    while queue:
        outcome = runner.run_step(queue.pop(0))
        assert outcome.retry_in is None, "a step failed against the sandbox"
        queue += outcome.next_step_ids
    db.session.expire_all()
    return db.session.get(Application, application_id)


def finish_application(**changes) -> Application:
    """Submit the example form (with changes) and run it to ready_for_issue. Needs an app context."""
    form, errors = validate_application(example_payload(**changes))
    assert not errors, errors
    application = run_pipeline(operations.submit(form).application.id)
    assert application.status == "ready_for_issue", application.status_note
    return application


@pytest.fixture
def finished(app):
    """The number of a finished application on the function-scoped app's database."""
    with app.app_context():
        return finish_application().number
