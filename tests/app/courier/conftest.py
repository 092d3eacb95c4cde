"""Applications ready for the courier, driven through the real pipeline in this process, and staff."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import current_app

from app.extensions import db
from app.models import Application, ApplicationStatus, Role, Shipment, User
from app.pipeline import operations
from app.pipeline.runner import mark_queued, run_step
from tests.conftest import example_payload

PASSWORD = "kaiban-courier-pw"
# Phones and addresses distinct per parcel, so a test can tell which one leaked onto a label.
RECIPIENTS = [
    {"recipient": "张三", "phone": "13812345678", "address": "湖北省十堰市竹溪县城关镇人民路1号"},
    {"recipient": "李四", "phone": "13987654321", "address": "湖北省十堰市竹溪县水坪镇解放街18号"},
    {"recipient": "王五", "phone": "15011112222", "address": "湖北省十堰市竹溪县蒋家堰镇新街6号3单元"},
]


def run_pipeline(application: Application) -> Application:
    """Every step of the application, one after another, against the sandbox (no worker).

    In a thread of its own: when browser tests share the session, Playwright keeps an asyncio loop
    running in the main thread, and the licence signing (pyHanko) cannot start its loop there.
    """
    app = current_app._get_current_object()

    def drive(application_id: int) -> None:
        with app.app_context():
            step_ids = mark_queued(db.session.get(Application, application_id))
            while step_ids:
                next_ids = []
                for step_id in step_ids:
                    outcome = run_step(step_id)
                    assert outcome.claimed and outcome.retry_in is None, outcome
                    next_ids += outcome.next_step_ids
                step_ids = next_ids

    with ThreadPoolExecutor(1) as pool:
        pool.submit(drive, application.id).result()
    db.session.expire_all()
    return application


def ready_application(delivery: dict) -> Application:
    application = operations.file_with_steps(example_payload(delivery=delivery)).application
    db.session.commit()
    run_pipeline(application)
    assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
    return application


def ready_parcels(count: int) -> list[Shipment]:
    """`count` courier applications, ready for issue, each with its booked waybill."""
    applications = [ready_application({"method": "courier", **RECIPIENTS[i % len(RECIPIENTS)]})
                    for i in range(count)]
    return [db.session.query(Shipment).filter_by(application_id=a.id).one() for a in applications]


def add_user(username: str, role: str, display_name: str) -> User:
    user = User(username=username, role=role, display_name=display_name)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def sign_in(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.data


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def courier(ctx) -> User:
    return add_user("wang.courier", Role.COURIER, "王揽收")


@pytest.fixture
def courier_client(app, courier):
    client = app.test_client()
    sign_in(client, courier.username)
    return client
