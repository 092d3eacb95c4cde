"""Each clerk decision through the test client: state, steps, pause, and the audit event with who (by user id) and why."""

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Application,
    ApplicationStatus,
    AuditEvent,
    CorrectionRequest,
    DocumentPromise,
    Pause,
    StepStatus,
    User,
)
from tests.factories import create_application

REFUSAL = "税务机关退回：生产经营地址无法核实，请核对地址后重新提交"


def last_event(number: str) -> AuditEvent:
    application = db.session.scalar(select(Application).where(Application.number == number))
    return db.session.scalars(select(AuditEvent).where(AuditEvent.application_id == application.id)
                              .order_by(AuditEvent.id.desc())).first()


def clerk_id() -> int:
    """The signed-in clerk (clerk1, shown as 王窗口): the audit names staff by user id."""
    return db.session.scalar(select(User.id).where(User.username == "clerk1"))


def reload(number: str) -> Application:
    db.session.expire_all()
    return db.session.scalar(select(Application).where(Application.number == number))


def test_retry_a_failed_step_keeps_its_key_and_attempts(app, clerk_client):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                         stuck={"tax_registration": (StepStatus.FAILED, "503 busy")})
        number, key = application.number, application.step("tax_registration").idempotency_key
    response = clerk_client.post(f"/clerk/applications/{number}/steps/tax_registration/retry",
                                 data={"note": "税务系统已恢复"})
    assert response.status_code == 303
    with app.app_context():
        application = reload(number)
        step = application.step("tax_registration")
        assert application.status == ApplicationStatus.PROCESSING
        assert step.status == StepStatus.PENDING and step.attempts == 3 and step.idempotency_key == key
        assert step.queued_at is not None  # marked queued after the commit (registration is done)
        event = last_event(number)
        assert (event.actor_user_id, event.actor, event.action, event.from_status, event.to_status) == (
            clerk_id(), "clerk1", "step_retried", "needs_review", "processing")
        assert "税务系统已恢复" in event.note and "503 busy" in event.note


def test_approving_a_review_reruns_the_step_under_a_fresh_key(app, clerk_client):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                         stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, REFUSAL)})
        number, key = application.number, application.step("tax_registration").idempotency_key
    response = clerk_client.post(f"/clerk/applications/{number}/steps/tax_registration/retry",
                                 data={"note": "已电话核实地址", "approve": "1"})
    assert response.status_code == 303
    with app.app_context():
        step = reload(number).step("tax_registration")
        assert step.status == StepStatus.PENDING and step.idempotency_key != key and step.error is None
        assert last_event(number).action == "review_approved"


def test_every_action_needs_a_note(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW,
                                    stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, REFUSAL)}).number
    for path in ("steps/tax_registration/retry", "reject", "correction"):
        response = clerk_client.post(f"/clerk/applications/{number}/{path}", data={"note": "  "})
        assert response.status_code == 422 and "请填写处理说明" in response.text, path
    with app.app_context():
        assert reload(number).status == ApplicationStatus.NEEDS_REVIEW


def test_a_step_that_is_not_stuck_cannot_be_retried(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.PROCESSING).number
    response = clerk_client.post(f"/clerk/applications/{number}/steps/registration/retry", data={"note": "再试"})
    assert response.status_code == 422 and "只有失败或需人工审核的环节" in response.text


def test_send_back_for_correction_pauses_the_clock_and_names_the_fields(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW,
                                    stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, REFUSAL)}).number
    response = clerk_client.post(f"/clerk/applications/{number}/correction", data={
        "note": "经营地址无法核实", "field": ["address"], "reason-address": "请填写可核实的门牌号"})
    assert response.status_code == 303
    with app.app_context():
        application = reload(number)
        assert application.status == ApplicationStatus.AWAITING_CORRECTION
        pause = db.session.scalar(select(Pause).where(Pause.application_id == application.id))
        assert pause.ended_at is None and pause.reason == "经营地址无法核实"
        correction = db.session.scalar(select(CorrectionRequest))
        assert correction.fields == [{"field": "address", "reason": "请填写可核实的门牌号"}]
        assert correction.requested_by == "王窗口"
        event = last_event(number)
        assert (event.actor_user_id, event.action, event.to_status) == (
            clerk_id(), "correction_requested", "awaiting_correction")
    page = clerk_client.get(f"/clerk/applications/{number}").text
    assert "已暂停计时：经营地址无法核实" in page


def test_correction_without_a_reason_is_refused(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW).number
    response = clerk_client.post(f"/clerk/applications/{number}/correction",
                                 data={"note": "请补正", "field": ["address"], "reason-address": ""})
    assert response.status_code == 422 and "写明原因" in response.text


def test_accept_on_promise_records_the_document_and_resumes(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW,
                                    stuck={"bank_account": (StepStatus.NEEDS_REVIEW, "缺少租赁合同")}).number
    promised = (date.today() + timedelta(days=10)).isoformat()
    response = clerk_client.post(f"/clerk/applications/{number}/promise", data={
        "document": "房屋租赁合同", "promised_by": promised, "note": "申请人签署承诺书"})
    assert response.status_code == 303
    with app.app_context():
        application = reload(number)
        assert application.status == ApplicationStatus.PROCESSING
        assert application.step("bank_account").status == StepStatus.PENDING
        promise = db.session.scalar(select(DocumentPromise))
        assert (promise.promised_document, promise.promised_by.isoformat(), promise.accepted_by) == (
            "房屋租赁合同", promised, "王窗口")
        event = last_event(number)
        assert event.action == "accepted_on_promise" and "房屋租赁合同" in event.note and event.actor_user_id == clerk_id()


def test_reject_with_reason_ends_the_application(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW).number
    response = clerk_client.post(f"/clerk/applications/{number}/reject", data={"note": "经营范围属于禁止类"})
    assert response.status_code == 303
    with app.app_context():
        assert reload(number).status == ApplicationStatus.REJECTED
        event = last_event(number)
        assert (event.action, event.note, event.actor_user_id) == ("rejected", "经营范围属于禁止类", clerk_id())
    again = clerk_client.post(f"/clerk/applications/{number}/reject", data={"note": "再次"})
    assert again.status_code == 422


def test_hand_over_at_the_window_issues_and_stops_the_clock(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.READY_FOR_ISSUE, delivery={"method": "window"}).number
    response = clerk_client.post(f"/clerk/applications/{number}/hand-over", data={"note": "法定代表人本人领取"})
    assert response.status_code == 303
    with app.app_context():
        application = reload(number)
        assert application.status == ApplicationStatus.ISSUED and application.handed_over_at is not None
        assert last_event(number).action == "handed_over"


def test_hand_over_is_refused_for_courier_delivery(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.READY_FOR_ISSUE).number  # the example asks for courier
    response = clerk_client.post(f"/clerk/applications/{number}/hand-over", data={"note": "领取"})
    assert response.status_code == 422 and "邮寄" in response.text
    with app.app_context():
        assert reload(number).status == ApplicationStatus.READY_FOR_ISSUE


def test_actions_need_a_csrf_token_when_csrf_is_on(app, clerk_client):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW).number
    response = clerk_client.post(f"/clerk/applications/{number}/reject", data={"note": "无令牌"})
    assert response.status_code == 400
