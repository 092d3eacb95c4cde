"""The broker is down (a URL nobody listens on: every publish is refused): what was committed is
still answered as stored — 201 with the number and token, and 200 to the last signature (受理), quickly —, the tracking page and the API
say the steps are queued, and the sweeper queues them once the broker is back. Runs everywhere
(SQLite); tests/app/pipeline/test_faults_services.py stops a real Redis mid-batch."""

import logging
import time

import lxml.html
import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from app.extensions import db
from app.factory import create_app
from app.models import Application, ApplicationStatus, Step, StepStatus
from app.pipeline import sweeper, tasks
from config import Testing
from devstack.stack import free_port
from integrations import agency_urls
from tests.factories import example_payload, sign_with_client, track_client

# Each refused publish is bounded (BROKER_* settings); far below what piles up web requests.
QUICK_SECONDS = 3.0


@pytest.fixture
def no_broker_app(tmp_path, sandbox):
    """The app on a fresh SQLite database with a Redis broker URL that refuses every connection."""
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'test.sqlite'}",
                     CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0", INSTANCE_PATH=str(tmp_path),
                     WTF_CSRF_ENABLED=False, **agency_urls(sandbox.url))
    with app.app_context():
        upgrade(revision="heads")
    return app


def submit(app, client):
    """Submit, then every party signs: the last signature (受理) is what queues the first step.
    The submit answer, and how long the last signature's answer took."""
    response = client.post("/api/v1/applications", json=example_payload())
    assert response.status_code == 201, response.get_data(as_text=True)
    _signed, took = sign_with_client(client, app, response.get_json()["number"])
    return response, took


def test_a_stored_submission_is_answered_201_with_its_token_when_the_broker_refuses(no_broker_app, caplog):
    client = no_broker_app.test_client()
    with caplog.at_level(logging.WARNING, logger="app.pipeline"):
        response, took = submit(no_broker_app, client)
    body = response.get_json()
    assert body["number"] and body["access_token"] and body["status"] == ApplicationStatus.AWAITING_SIGNATURES
    assert took < QUICK_SECONDS, f"the refused publish held the request {took:.1f}s"
    assert any(body["number"] in record.getMessage() and record.levelno == logging.WARNING
               for record in caplog.records), "the unqueued application is not logged with its number"
    with no_broker_app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == body["number"]))
        assert application.status == ApplicationStatus.SUBMITTED
        assert {step.status for step in application.steps} == {StepStatus.PENDING}

    # The applicant is told it is queued: the API's steps are pending, the page says so in words.
    api = client.get(body["links"]["self"], headers={"Authorization": f"Bearer {body['access_token']}"})
    assert api.status_code == 200 and {s["status"] for s in api.get_json()["steps"]} == {"pending"}
    page = lxml.html.fromstring(
        track_client(client, body["number"], body["access_token"]).get(f"/track/{body['number']}").data)
    queued = page.get_element_by_id("track-queued")
    assert queued.get("hidden") is None and queued.text_content().strip() == "已受理，正在排队办理"


def test_the_sweeper_queues_what_the_refused_publish_left_behind(no_broker_app):
    client = no_broker_app.test_client()
    numbers = [submit(no_broker_app, client)[0].get_json()["number"] for _ in range(3)]
    no_broker_app.config["REQUEUE_AFTER_SECONDS"] = 0  # (production: 30 s, swept every 15 s)
    with no_broker_app.app_context():
        first_steps = set(db.session.scalars(select(Step.id).join(Application).where(
            Application.number.in_(numbers), Step.name == "name_approval")))
        assert set(sweeper.sweep()) == first_steps  # each first step, once
        tasks.sweep()  # the beat task, broker still down: logged, not raised


def test_a_worker_that_cannot_queue_the_next_steps_leaves_them_to_the_sweeper(no_broker_app, caplog):
    client = no_broker_app.test_client()
    body = submit(no_broker_app, client)[0].get_json()
    number = body["number"]
    with no_broker_app.app_context():
        first = db.session.scalar(select(Step).join(Application).where(
            Application.number == number, Step.name == "name_approval"))
        first_id = first.id
    with caplog.at_level(logging.WARNING, logger="app.pipeline"):
        tasks.run_step(first_id)  # the task body, as a worker runs it: the agency answers, the queue does not
    assert any("not queued" in record.getMessage() for record in caplog.records)
    no_broker_app.config["REQUEUE_AFTER_SECONDS"] = 0
    with no_broker_app.app_context():
        done = db.session.scalar(select(func.count()).select_from(Step).where(
            Step.application_id == first.application_id, Step.status == StepStatus.DONE))
        # name approval, then the step it made runnable kept by this worker (registration: no broker
        # needed), then the first of the parallel steps; the other parallel ones could not be sent.
        assert done == 3
        waiting = set(db.session.scalars(select(Step.id).where(
            Step.application_id == first.application_id, Step.status == StepStatus.PENDING,
            Step.queued_at.is_not(None))))
        assert waiting, "the next step was neither queued nor marked for the sweeper"
        assert waiting <= set(sweeper.sweep())
    # The steps have started: the page no longer says it is waiting in line.
    page = lxml.html.fromstring(track_client(client, number, body["access_token"]).get(f"/track/{number}").data)
    assert page.get_element_by_id("track-status").get("data-status") == ApplicationStatus.PROCESSING
    assert page.get_element_by_id("track-queued").get("hidden") is not None


def test_healthz_says_503_quickly_when_the_broker_does_not_answer(no_broker_app):
    started = time.monotonic()
    response = no_broker_app.test_client().get("/healthz")
    assert time.monotonic() - started < QUICK_SECONDS
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert response.get_json() == {"status": "unavailable", "database": "ok", "queue": "unavailable"}
