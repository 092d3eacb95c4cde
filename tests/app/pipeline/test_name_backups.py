"""备选字号 at name approval, over real HTTP to the sandbox agency: the next trade name is tried at
once when one is taken or refused, each under its own key; the approved name becomes the company's
name; when every one is refused the applicant corrects the trade name (补正) and approval runs again."""

import pytest
import requests
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, StepStatus
from app.pipeline import executors
from app.pipeline.runner import run_step
from app.refusal import Refusal
from app.review import operations as review
from app.review.queries import name_refused
from app.rules import names
from integrations import Retryable
from tests.factories import (
    agency_clients,
    create_application,
    example_payload,
    filed_application,
    run_pipeline,
    sign_every_party,
    track_client,
    unique_trade_name,
)

REGION, INDUSTRY, ORG_FORM = "竹溪县", "科技", "有限公司"
FORBIDDEN = "拒绝"  # the sandbox agency refuses it as a forbidden word (integrations/sandbox/magic.py)
RETURNED = "名称退回"  # … and returns a name with it, code `returned`
BUSY = "繁忙"  # … and answers 503 to the first two calls per key


def fresh(suffix: str = "") -> str:
    return unique_trade_name()[:4] + suffix


def with_backups(trade_name: str, *backups: str) -> dict:
    payload = example_payload()
    payload["name"] |= {"trade_name": trade_name, "backup_trade_names": list(backups)}
    return payload


def taken_by_someone_else(sandbox_url: str, trade_name: str) -> str:
    """Another application reserves the name first; its full name."""
    answer = agency_clients(sandbox_url).name_approval.reserve(
        "KB-OTHER-" + trade_name, REGION, trade_name, INDUSTRY, ORG_FORM, "llc", "other-" + trade_name.encode().hex())
    return answer["full_name"]


def name_stats(sandbox_url: str) -> dict:
    return requests.get(sandbox_url + "/_sandbox/stats", timeout=10).json()["name_approval"]


def by_number(number: str) -> Application:
    return db.session.scalar(select(Application).where(Application.number == number))


def test_a_taken_trade_name_gives_way_to_the_first_backup_at_once(ctx, sandbox):
    first, backup = fresh(), fresh()
    holder = taken_by_someone_else(sandbox.url, first)
    before = name_stats(sandbox.url)
    application = run_pipeline(filed_application(with_backups(first, backup)))

    assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
    assert application.company_name == f"{REGION}{backup}{INDUSTRY}{ORG_FORM}"
    assert application.name_key == names.name_key(REGION, backup, INDUSTRY)
    step = application.step("name_approval")
    assert (step.status, step.attempts) == (StepStatus.DONE, 1)  # no round trip: one run of the step
    assert step.result["trade_name"] == backup and step.result["backup_number"] == 1
    [refused] = step.result["not_approved"]
    assert refused["trade_name"] == first and refused["code"] == "taken" and "请更换字号" in refused["reason"]
    assert holder != application.company_name
    # The licence and every later agency carry the approved name.
    assert application.step("registration").result["uscc"] == application.uscc
    after = name_stats(sandbox.url)
    assert after["effects"] - before["effects"] == 1  # one reservation, the backup's
    assert after["duplicates_per_application"] == before["duplicates_per_application"]
    notes = db.session.scalars(select(AuditEvent.note).where(
        AuditEvent.application_id == application.id, AuditEvent.action == "backup_name_approved")).all()
    assert len(notes) == 1 and first in notes[0] and application.company_name in notes[0]


def test_backups_are_tried_in_order_until_one_is_approved(ctx, sandbox):
    forbidden, returned, third, fourth = fresh(FORBIDDEN), fresh(RETURNED), fresh(), fresh()
    application = run_pipeline(filed_application(with_backups(forbidden, returned, third, fourth)))

    assert application.company_name == names.full_name(REGION, third, INDUSTRY, ORG_FORM)
    result = application.step("name_approval").result
    assert result["backup_number"] == 2
    assert [(t["trade_name"], t["code"]) for t in result["not_approved"]] == [
        (forbidden, "forbidden_word"), (returned, "returned")]
    assert result["not_approved"][0]["full_name"] == names.full_name(REGION, forbidden, INDUSTRY, ORG_FORM)
    assert "拒绝" in result["not_approved"][0]["reason"] and "商标近似" in result["not_approved"][1]["reason"]


def test_without_backups_a_refusal_reads_as_it_always_did(ctx):
    application = run_pipeline(filed_application(with_backups(fresh(FORBIDDEN))))
    step = application.step("name_approval")
    assert step.status == StepStatus.NEEDS_REVIEW and application.status == ApplicationStatus.NEEDS_REVIEW
    assert step.error == "名称中不能使用“拒绝”，请换用其他字词"


def test_a_retry_after_a_crash_asks_again_under_the_same_keys_and_reserves_once(ctx, sandbox):
    """The executor ran, the worker died before recording: the step runs again with the same keys."""
    first, backup = fresh(FORBIDDEN), fresh()
    application = filed_application(with_backups(first, backup))
    step = application.step("name_approval")
    before = name_stats(sandbox.url)
    crashed = executors.name_approval(step, application)  # answered, never recorded
    again = executors.name_approval(step, application)
    assert again.reference == crashed.reference and again.result == crashed.result
    after = name_stats(sandbox.url)
    assert after["effects"] - before["effects"] == 1
    assert after["replays"] - before["replays"] == 2  # the refusal and the reservation, answered again
    assert after["duplicates_per_application"] == before["duplicates_per_application"]
    assert executors.attempt_key(step.idempotency_key, 0) == step.idempotency_key
    assert executors.attempt_key(step.idempotency_key, 1) != executors.attempt_key(step.idempotency_key, 2)


def test_a_transient_failure_on_a_backup_retries_the_step_and_never_skips_the_backup(ctx):
    first, busy, last = fresh(FORBIDDEN), fresh(BUSY), fresh()
    application = filed_application(with_backups(first, busy, last))
    step = application.step("name_approval")
    with pytest.raises(Retryable):
        executors.name_approval(step, application)
    outcome = run_step(step.id)  # the worker's run: the busy backup answers 503 once more
    assert outcome.retry_in is not None
    db.session.refresh(step)
    assert step.status == StepStatus.RETRYING
    answer = executors.name_approval(step, application)  # the third call under its key goes through
    assert answer.result["trade_name"] == busy and answer.result["backup_number"] == 1


def test_every_name_refused_goes_to_a_clerk_naming_each_and_why(ctx, sandbox):
    first, backup = fresh(), fresh(FORBIDDEN)
    taken_by_someone_else(sandbox.url, first)
    application = run_pipeline(filed_application(with_backups(first, backup)))
    step = application.step("name_approval")
    assert step.status == StepStatus.NEEDS_REVIEW and application.status == ApplicationStatus.NEEDS_REVIEW
    assert step.error.startswith("字号及备选字号均未获核准")
    assert f"“{first}”：同一登记机关辖区内同行业" in step.error and f"“{backup}”：名称中不能使用" in step.error
    assert application.step("registration").status == StepStatus.PENDING


def test_a_refused_name_is_corrected_by_the_applicant_and_approved(app, sandbox, clerk_client):
    first, backup, corrected, corrected_backup = fresh(), fresh(RETURNED), fresh(FORBIDDEN), fresh()
    with app.app_context():
        taken_by_someone_else(sandbox.url, first)
        application = run_pipeline(filed_application(with_backups(first, backup)))
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        assert application.status == ApplicationStatus.NEEDS_REVIEW
    applicant = track_client(app.test_client(), number, token)
    track = applicant.get(f"/track/{number}").text
    assert 'id="track-name"' in track and "字号和备选字号均未获核准" in track

    asked = clerk_client.post(f"/clerk/applications/{number}/correction", data={
        "note": "名称未获核准，请更换字号", "field": ["name.trade_name"],
        "reason-name.trade_name": "字号已被他人登记，备选字号被退回"})
    assert asked.status_code == 303
    page = applicant.get(f"/track/{number}/correction")
    assert page.status_code == 200 and 'name="name.trade_name"' in page.text
    assert 'name="name.backup_trade_names.3"' in page.text and f"{first}、{backup}" in page.text
    assert 'name="address"' not in page.text

    bad = applicant.post(f"/track/{number}/correction", data={
        "name.trade_name": "十堰", "name.backup_trade_names.0": "十堰"})
    assert bad.status_code == 422 and "行政区划名称" in bad.text and "重复" in bad.text
    same = applicant.post(f"/track/{number}/correction", data={"name.trade_name": first})
    assert same.status_code == 422 and f"“{first}”未获核准，请填写新的字号" in same.text
    again = applicant.post(f"/track/{number}/correction", data={
        "name.trade_name": corrected, "name.backup_trade_names.0": backup})
    assert again.status_code == 422 and f"“{backup}”未获核准" in again.text
    with app.app_context():
        assert by_number(number).status == ApplicationStatus.AWAITING_CORRECTION  # nothing was kept

    good = applicant.post(f"/track/{number}/correction", data={
        "name.trade_name": corrected, "name.backup_trade_names.1": corrected_backup})
    assert good.status_code == 303
    with app.app_context():
        application = by_number(number)
        assert application.status == ApplicationStatus.AWAITING_SIGNATURES  # the parties sign the new name
        assert application.form["name"]["trade_name"] == corrected
        assert application.form["name"]["backup_trade_names"] == [corrected_backup]
        assert application.company_name == names.full_name(REGION, corrected, INDUSTRY, ORG_FORM)
        assert application.step("name_approval").status == StepStatus.PENDING
        assert application.step("name_approval").queued_at is None  # nothing runs before they have
        application = run_pipeline(sign_every_party(application))
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
        assert application.company_name == names.full_name(REGION, corrected_backup, INDUSTRY, ORG_FORM)
        assert application.name_key == names.name_key(REGION, corrected_backup, INDUSTRY)
        result = application.step("name_approval").result
        assert [t["trade_name"] for t in result["not_approved"]] == [corrected]
    track = applicant.get(f"/track/{number}").text
    assert "名称核准结果" in track and names.full_name(REGION, corrected_backup, INDUSTRY, ORG_FORM) in track
    assert "第1个备选字号" in track and "名称中不能使用" in track


def test_the_trade_name_is_correctable_only_while_name_approval_refused_it(app, clerk_client):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                          stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "地址无法核实")})
        number = application.number
        with pytest.raises(Refusal) as refused:
            review.request_correction(application, [{"field": "name.trade_name", "reason": "换一个"}],
                                      "clerk1", "请更换字号")
        assert "才能要求补正字号" in refused.value.message
        db.session.rollback()
    answer = clerk_client.post(f"/clerk/applications/{number}/correction", data={
        "note": "请更换字号", "field": ["name.trade_name"], "reason-name.trade_name": "换一个"})
    assert answer.status_code == 422 and "才能要求补正字号" in answer.text
    with app.app_context():
        assert by_number(number).status == ApplicationStatus.NEEDS_REVIEW


def test_the_tracking_page_says_which_name_was_approved_and_why_the_others_were_not(app, sandbox):
    first, backup = fresh(), fresh()
    with app.app_context():
        holder = taken_by_someone_else(sandbox.url, first)
        application = run_pipeline(filed_application(with_backups(first, backup)))
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        approved = application.company_name
    page = track_client(app.test_client(), number, token).get(f"/track/{number}").text
    assert 'id="track-name"' in page and f'id="track-name-approved">{approved}<' in page
    assert holder in page and "同一登记机关辖区内同行业" in page  # the refused name is the applicant's own
    assert f"<h1 class=\"heading-xl\">{approved}</h1>" in page
    english = app.test_client()
    track_client(english, number, token)
    assert "Name approval result" in english.get(f"/track/{number}?lang=en").text


def test_a_name_approved_at_the_first_try_shows_no_name_panel(app):
    with app.app_context():
        application = run_pipeline(filed_application(with_backups(fresh(), fresh())))
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        assert application.step("name_approval").result["not_approved"] == []
    assert 'id="track-name"' not in track_client(app.test_client(), number, token).get(f"/track/{number}").text



def test_only_a_refusal_of_every_name_lets_the_clerk_ask_for_a_new_trade_name(app, clerk_client):
    """A name approval refused for the request itself (here a field the agency needs is missing: 400)
    also waits for a clerk, but no name was judged: the trade name is not correctable and the tracking
    page says nothing of refused names."""
    with app.app_context():
        application = filed_application(with_backups(fresh(), fresh()))
        form = dict(application.form)
        form["name"] = form["name"] | {"industry": ""}
        application.form = form
        db.session.commit()
        application = run_pipeline(application)
        step = application.step("name_approval")
        assert step.status == StepStatus.NEEDS_REVIEW and "industry" in step.error
        assert step.result["refusal"]["status"] == 400 and "not_approved" not in step.result["refusal"]
        assert not name_refused(application)
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    detail = clerk_client.get(f"/clerk/applications/{number}").text
    assert 'value="name.trade_name"' not in detail
    answer = clerk_client.post(f"/clerk/applications/{number}/correction", data={
        "note": "请更换字号", "field": ["name.trade_name"], "reason-name.trade_name": "换一个"})
    assert answer.status_code == 422 and "才能要求补正字号" in answer.text
    assert 'id="track-name"' not in track_client(app.test_client(), number, token).get(f"/track/{number}").text


def test_a_single_refused_trade_name_is_listed_and_correctable(app, clerk_client):
    with app.app_context():
        application = run_pipeline(filed_application(with_backups(fresh(FORBIDDEN))))
        refusal = application.step("name_approval").result["refusal"]
        assert refusal["status"] == 422 and [t["code"] for t in refusal["not_approved"]] == ["forbidden_word"]
        assert name_refused(application)
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    track = track_client(app.test_client(), number, token).get(f"/track/{number}").text
    assert 'id="track-name"' in track and "字号未获核准，需要更换字号" in track and "名称中不能使用" in track
    assert 'value="name.trade_name"' in clerk_client.get(f"/clerk/applications/{number}").text


def test_a_name_refusal_kept_before_refusals_were_kept_still_lets_the_clerk_correct(app):
    """A step refused before 2026-12-07 has no `result.refusal`: it is judged as then (any refusal
    of name approval), so applications already waiting for a clerk keep their way out."""
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                          stuck={"name_approval": (StepStatus.NEEDS_REVIEW, "名称已被占用")})
        assert application.step("name_approval").result is None and name_refused(application)
        application.step("name_approval").result = {"refusal": {"code": "bad_request", "status": 400}}
        db.session.commit()
        assert not name_refused(application)
