"""Faults must not lie, on the production shape (PostgreSQL + Redis): the broker, then separately
the database, is stopped in the middle of a batch of submissions, and every answer is counted.

- Broker down (a private redis-server, stopped and started again on its port, empty): every
  submission is answered 201 with its number and token, and every party's signature 200 (the last
  one, 受理, is where the steps are queued); a worker and the sweeper then carry every
  stored application to ready, each agency seeing exactly one effect per application.
- Database down (a private PostgreSQL cluster, stopped with a fast shutdown): every answer is 201
  or a JSON 503 with Retry-After, never a 500; every 201 is in the database after the restart and
  no 503 left a row; /healthz says 503 while it is down and 200 after.

Only with TEST_DATABASE_URL / TEST_REDIS_URL set (CI sets them); every process started here is
stopped in a finally, pass or fail.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, ApplicationStatus
from devstack.stack import PrivatePostgres, PrivateRedis, Stack, services_urls, wait_until
from tests.factories import example_payload, sign_with_client

pytestmark = [pytest.mark.slow, pytest.mark.services,
              pytest.mark.skipif(not services_urls(), reason="TEST_DATABASE_URL / TEST_REDIS_URL not set (.ci/run sets them)")]

BATCH = 32
STOP_AFTER = 8  # answers before the fault
RESUME_FROM = 24  # submissions from here on wait until the fault is over
DOWN_SECONDS = 3.0
THREADS = 4
AGENCIES = ("name_approval", "registration", "seal_carving", "tax", "bank", "social_insurance", "housing_fund")


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def private_postgres():
    server = PrivatePostgres()
    try:
        yield server.init().start()
    finally:
        server.destroy()


@pytest.fixture
def broker_stack(tmp_path, sandbox, private_redis):
    """The machine's PostgreSQL (a database of its own), the private Redis as the broker; migrated
    here, in setup, so the migrations' logging set-up is done before the test's log capture."""
    stack = Stack("services", tmp_path, sandbox.url, database_name="kaiban_faults", broker_url=private_redis.url())
    try:
        # As production has it: the rate limits counted in the same Redis as the broker.
        stack.app = stack.make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=private_redis.url(1),
                                   RATELIMIT_SUBMIT="1000 per minute", RATELIMIT_SIGNING="10000 per minute")
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def database_stack(tmp_path, sandbox, private_postgres, private_redis):
    """The private PostgreSQL as the database, the private Redis as the broker; no worker."""
    stack = Stack("services", tmp_path, sandbox.url, database_url=private_postgres.url, broker_url=private_redis.url())
    stack.app = stack.make_app()
    return stack


def run_batch(app, fault_starts, fault_ends, during_fault=lambda: None, sign: bool = False) -> list[dict]:
    """Submit BATCH applications from THREADS threads (each with its Idempotency-Key); after
    STOP_AFTER answers the fault starts, DOWN_SECONDS later it ends, while submissions go on.
    With `sign`, every party of each one signs right after (the last signature queues the steps).
    Returns every answer (key, status, JSON, Retry-After)."""
    answers, lock, over = [], threading.Lock(), threading.Event()
    enough = threading.Event()

    def submit(index: int) -> None:
        if index >= RESUME_FROM:
            over.wait(60)
        key = f"faults-{index}"
        client = app.test_client()
        response = client.post("/api/v1/applications", json=example_payload(), headers={"Idempotency-Key": key})
        if sign and response.status_code == 201:
            sign_with_client(client, app, response.get_json()["number"])
        with lock:
            answers.append({"key": key, "status": response.status_code, "json": response.get_json(silent=True),
                            "retry_after": response.headers.get("Retry-After"), "during": enough.is_set()
                            and not over.is_set()})
            if len(answers) >= STOP_AFTER:
                enough.set()
        time.sleep(0.1)

    def fault() -> None:
        enough.wait(60)
        fault_starts()
        try:
            deadline = time.monotonic() + DOWN_SECONDS
            while time.monotonic() < deadline:
                during_fault()
                time.sleep(0.2)
        finally:
            fault_ends()
            over.set()

    with ThreadPoolExecutor(THREADS + 1) as pool:
        controller = pool.submit(fault)
        list(pool.map(submit, range(BATCH)))
        controller.result()
    return answers


def stored(app, *conditions):
    with app.app_context():
        return db.session.scalars(select(Application).where(*conditions)).all()


def test_the_broker_stopped_mid_batch_loses_no_answer_no_application_and_doubles_nothing(
        broker_stack, private_redis, caplog):
    stack, app = broker_stack, broker_stack.app
    before = stack.sandbox("/_sandbox/stats")
    with caplog.at_level(logging.WARNING, logger="app.pipeline"):
        answers = run_batch(app, private_redis.stop, private_redis.start, sign=True)
    assert [a["status"] for a in answers] == [201] * BATCH, [a for a in answers if a["status"] != 201]
    assert all(a["json"]["number"] and a["json"]["access_token"] for a in answers)
    unqueued = [r for r in caplog.records if "could not be queued" in r.getMessage()]
    assert unqueued, "no submission met the stopped broker; the test proved nothing"
    numbers = {a["json"]["number"] for a in answers}
    assert len(numbers) == BATCH and {a.number for a in stored(app)} == numbers

    stack.start_worker(concurrency=8)  # with beat: the sweeper every second, REQUEUE_AFTER_SECONDS=3

    def all_ready():
        statuses = [a.status for a in stored(app)]
        assert ApplicationStatus.NEEDS_REVIEW not in statuses
        return all(s == ApplicationStatus.READY_FOR_ISSUE for s in statuses)
    wait_until(all_ready, 90, interval=0.5, message="every stored application ready")

    after = stack.sandbox("/_sandbox/stats")
    for agency in AGENCIES:
        assert after[agency]["duplicates_per_application"] == before[agency]["duplicates_per_application"] == 0, agency
        assert after[agency]["effects"] - before[agency]["effects"] == BATCH, agency
    assert len({a.uscc for a in stored(app)}) == BATCH


def test_the_database_stopped_mid_batch_is_503_never_500_and_every_201_is_kept(database_stack, private_postgres):
    app = database_stack.app
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    health_while_down = []

    def probe() -> None:
        response = client.get("/healthz")
        health_while_down.append((response.status_code, response.get_json()))

    answers = run_batch(app, private_postgres.stop, private_postgres.start, during_fault=probe)

    assert {a["status"] for a in answers} <= {201, 503}, [a for a in answers if a["status"] not in (201, 503)]
    refused = [a for a in answers if a["status"] == 503]
    assert refused, "no submission met the stopped database; the test proved nothing"
    assert all(a["json"] == {"error": "服务暂时不可用，请稍后再试"} and a["retry_after"].isdigit() for a in refused)
    assert health_while_down and all(
        status == 503 and body["status"] == "unavailable" and body["database"] == "unavailable"
        for status, body in health_while_down), health_while_down
    wait_until(lambda: client.get("/healthz").status_code == 200, 15, message="/healthz 200 after the restart")

    created = {a["json"]["number"] for a in answers if a["status"] == 201}
    assert any(not a["during"] for a in answers if a["status"] == 201)
    rows = stored(app)
    assert {a.number for a in rows} == created  # every 201 kept, and nothing else: no 503 left a row
    refused_keys = {a["key"] for a in refused}
    assert not [a.number for a in rows if a.idempotency_key in refused_keys]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == len(created)
