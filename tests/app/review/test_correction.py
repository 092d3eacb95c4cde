"""补正 round trip: clerk names fields, the applicant fixes only those, the pipeline resumes where it stopped."""

import secrets
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, ApplicationStatus, Pause, Role, SignatureStatus, StepStatus
from app.signing.queries import signatures_of
from app.sla import add_working_time, clock_start, working_time_between
from app.sla import centre as sla
from app.timefmt import SHANGHAI
from devstack.stack import wait_until
from tests.factories import (
    create_application,
    create_user,
    example_payload,
    sign_in,
    sign_with_client,
    track_client,
)

# The sandbox bank refuses any request with 银行退回 in it; the legal representative's name goes to the bank.
BANK_REFUSES = "张银行退回"


def expected_due(application: Application) -> datetime:
    """The apply due time: the commitment plus exactly the working time of every pause."""
    start = clock_start(application.accepted_at, sla.calendar(), sla.office_hours())  # 受理: the last signature
    paused = sum((working_time_between(p.started_at, p.ended_at, sla.calendar(), sla.office_hours())
                  for p in db.session.scalars(select(Pause).where(Pause.application_id == application.id))),
                 timedelta(0))
    return add_working_time(start, sla.commitment("apply").duration(sla.office_hours()) + paused,
                            sla.calendar(), sla.office_hours())


def backdate_pause(application: Application) -> None:
    """Start the pause on a past Friday morning, so it covers working time whatever day the test runs."""
    today = datetime.now(SHANGHAI)
    friday = (today - timedelta(days=(today.weekday() - 4) % 7 or 7)).replace(hour=9, minute=0, second=0,
                                                                             microsecond=0)
    pause = db.session.scalar(select(Pause).where(Pause.application_id == application.id))
    application.accepted_at = friday - timedelta(hours=1)  # 受理: the clock runs from the last signature
    application.due_at = sla.apply_due_at(application.accepted_at)  # as it was before the pause
    pause.started_at = friday + timedelta(hours=1)
    db.session.commit()


def test_the_correction_page_shows_only_the_named_fields_and_validates(app, clerk_client):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                         stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "地址无法核实")})
        number = application.number
        token = application_token(application, app.config["SECRET_KEY"])
    clerk_client.post(f"/clerk/applications/{number}/correction", data={
        "note": "地址无法核实", "field": ["address", "legal_representative.phone"],
        "reason-address": "请写到门牌号", "reason-legal_representative.phone": "号码停机"})
    applicant = track_client(app.test_client(), number, token)
    track = applicant.get(f"/track/{number}").text
    assert "已暂停计时：地址无法核实" in track and "请写到门牌号" in track and "号码停机" in track
    assert "/correction" in track
    page = applicant.get(f"/track/{number}/correction")
    assert page.status_code == 200
    assert 'name="address"' in page.text and 'name="legal_representative.phone"' in page.text
    assert 'name="registered_capital_yuan"' not in page.text and "人民路1号" in page.text
    assert app.test_client().get(f"/track/{number}/correction?t={token}").status_code == 401  # cookie only
    bad = applicant.post(f"/track/{number}/correction",
                         data={"address": "短", "legal_representative.phone": "123"})
    assert bad.status_code == 422 and "手机号码" in bad.text
    # A field the clerk did not name is ignored even if posted.
    with app.app_context():
        backdate_pause(db.session.scalar(select(Application).where(Application.number == number)))
        due_before = db.session.scalar(select(Application.due_at).where(Application.number == number))
    good = applicant.post(f"/track/{number}/correction", data={
        "address": "湖北省十堰市竹溪县城关镇人民路18号", "legal_representative.phone": "13900000000",
        "registered_capital_yuan": "1"})
    assert good.status_code == 303
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        # What the parties signed is not what is filed now: they sign the corrected 申请书 first, and
        # the pause (the applicant's time) runs on until the last of them has.
        assert application.status == ApplicationStatus.AWAITING_SIGNATURES
        assert {s.status for s in signatures_of(application)} == {SignatureStatus.PENDING}
        assert db.session.scalar(select(Pause.ended_at).where(Pause.application_id == application.id)) is None
        assert application.step("tax_registration").status == StepStatus.PENDING
    sign_with_client(applicant, app, number)
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        assert application.status == ApplicationStatus.PROCESSING
        assert application.form["address"].endswith("18号")
        assert application.form["legal_representative"]["phone"] == "13900000000"
        assert application.form["registered_capital_yuan"] == 1000000
        assert application.step("tax_registration").status == StepStatus.PENDING
        assert application.step("registration").status == StepStatus.DONE
        pause = db.session.scalar(select(Pause).where(Pause.application_id == application.id))
        assert pause.ended_at is not None
        assert application.due_at == expected_due(application) and application.due_at > due_before
    assert applicant.post(f"/track/{number}/correction", data={"address": "x"}).status_code == 409


@pytest.mark.slow
def test_correction_round_trip_through_a_real_worker(stack):
    app, client = stack.app, stack.app.test_client()
    payload = example_payload()
    payload["legal_representative"]["name"] = payload["shareholders"][0]["name"] = BANK_REFUSES  # one person
    created = client.post("/api/v1/applications", json=payload).get_json()
    number, token = created["number"], created["access_token"]
    sign_with_client(client, app, number)  # every party signs: accepted, the pipeline runs
    headers = {"Authorization": "Bearer " + token}

    def body():
        return client.get(f"/api/v1/applications/{number}", headers=headers).get_json()
    wait_until(lambda: body()["status"] == "needs_review", 60, message="bank needs_review")
    steps = {s["step"]: s["status"] for s in body()["steps"]}
    assert steps["bank_account"] == "needs_review" and steps["registration"] == "done"

    username = "clerk-" + secrets.token_hex(3)
    with app.app_context():
        create_user(username, Role.CLERK, "窗口甲")
    clerk = sign_in(app.test_client(), username)
    response = clerk.post(f"/clerk/applications/{number}/correction", data={
        "note": "法定代表人姓名与身份证不一致", "field": ["legal_representative.name"],
        "reason-legal_representative.name": "请按身份证填写姓名"})
    assert response.status_code == 303
    assert body()["sla"]["paused"] and body()["status"] == "awaiting_correction"
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        backdate_pause(application)
        due_before = application.due_at
        uscc = application.uscc

    page = track_client(client, number, token).get(f"/track/{number}/correction")
    assert BANK_REFUSES in page.text
    response = client.post(f"/track/{number}/correction", data={"legal_representative.name": "张三"})
    assert response.status_code == 303
    assert body()["status"] == "awaiting_signatures"  # the corrected name is signed for before it goes on
    sign_with_client(client, app, number)

    wait_until(lambda: body()["status"] == "ready_for_issue", 60, message="ready_for_issue after correction")
    final = body()
    assert final["uscc"] == uscc  # registration was not done again
    assert all(s["status"] == "done" for s in final["steps"])
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        assert application.due_at == expected_due(application) and application.due_at > due_before
        assert application.form["legal_representative"]["name"] == "张三"
        assert application.form["shareholders"][0]["name"] == "张三"  # the same person, corrected once
