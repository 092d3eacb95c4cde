"""Kill the worker in the middle of a batch: after a restart every application finishes, and no
agency saw a duplicate effect (same Idempotency-Key, first answer replayed)."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, ApplicationStatus, Step, StepStatus
from devstack.stack import Stack, services_urls, wait_until
from tests.factories import example_payload, sign_with_client

pytestmark = pytest.mark.slow
BATCH = 24


@pytest.fixture(params=["embedded", "services"])
def crash_stack(request, tmp_path, sandbox):
    if request.param == "services" and not services_urls():
        pytest.skip("TEST_DATABASE_URL / TEST_REDIS_URL not set (.ci/run sets them)")
    stack = Stack(request.param, tmp_path, sandbox.url)
    stack.app = stack.make_app()
    stack.sandbox("/_sandbox/config", SANDBOX_LATENCY_MS=150)
    yield stack
    stack.stop()
    stack.sandbox("/_sandbox/reset", reset=True)


def count(app, *conditions) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Step).where(*conditions))


def test_killing_the_worker_loses_nothing_and_duplicates_nothing(crash_stack):
    stack, app = crash_stack, crash_stack.app
    before = stack.sandbox("/_sandbox/stats")
    client = app.test_client()
    numbers = []
    for _ in range(BATCH):
        response = client.post("/api/v1/applications", json=example_payload())
        assert response.status_code == 201
        numbers.append(response.get_json()["number"])
        sign_with_client(client, app, numbers[-1])  # accepted (受理): its first step is queued

    worker = stack.start_worker(concurrency=8)
    wait_until(lambda: count(app, Step.status == StepStatus.DONE) >= BATCH, 60, message="some steps done")
    stack.kill_worker(worker)
    in_flight = count(app, Step.status != StepStatus.DONE)
    assert in_flight > 0, "the batch finished before the kill; the test proved nothing"

    stack.start_worker(concurrency=8)

    def all_ready():
        with app.app_context():
            statuses = db.session.scalars(select(Application.status).where(Application.number.in_(numbers))).all()
        assert ApplicationStatus.NEEDS_REVIEW not in statuses
        return all(s == ApplicationStatus.READY_FOR_ISSUE for s in statuses)
    wait_until(all_ready, 120, interval=0.5, message="every application ready after the restart")

    after = stack.sandbox("/_sandbox/stats")
    for agency in ("name_approval", "registration", "seal_carving", "tax", "bank", "social_insurance", "housing_fund"):
        assert after[agency]["duplicates_per_application"] == before[agency]["duplicates_per_application"] == 0, agency
        assert after[agency]["effects"] - before[agency]["effects"] == BATCH, agency
    with app.app_context():
        codes = db.session.scalars(select(Application.uscc).where(Application.number.in_(numbers))).all()
    assert len(set(codes)) == BATCH
