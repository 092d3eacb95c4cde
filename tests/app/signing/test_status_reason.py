"""API.md `status_reason`: for needs_review, awaiting_correction, rejected and withdrawn the reason in
plain words — the agency's refusal, the clerk's note, the declining party's reason, the deadline —
in the request's language where the words are ours; null for every other status."""

from datetime import timedelta

from app.applications.tokens import application_token
from app.extensions import db
from app.messages.queries import application_by_number
from app.models import ApplicationStatus, StepStatus
from app.review import operations as review
from app.signing import operations as signing
from app.signing.queries import signature_for_token, signatures_of
from app.signing.tasks import sweep
from tests.app.signing.test_lifecycle import sign_as, unsigned
from tests.app.signing.test_signing_flow import llc_payload
from tests.factories import example_payload, filed_application, run_pipeline, signing_code, signing_token

EN = {"Accept-Language": "en"}


def reason(client, app, number: str, headers: dict | None = None):
    with app.app_context():
        token = application_token(application_by_number(number), app.config["SECRET_KEY"])
    answer = client.get(f"/api/v1/applications/{number}", headers={"Authorization": "Bearer " + token,
                                                                   **(headers or {})})
    assert answer.status_code == 200, answer.get_json()
    view = answer.get_json()
    assert "status_reason" in view
    return view["status"], view["status_reason"]


def test_null_while_nothing_went_wrong(app, client):
    with app.app_context():
        waiting = unsigned(llc_payload()[0])
        accepted = filed_application(example_payload()).number
    assert reason(client, app, waiting) == ("awaiting_signatures", None)
    assert reason(client, app, accepted) == ("submitted", None)


def test_a_decline_gives_the_partys_reason_their_name_masked_in_either_language(app, client):
    with app.app_context():
        number = unsigned(llc_payload()[0])
        application = application_by_number(number)
        signature = signature_for_token(signing_token(application, 2))
        verified = signing.verify_party(signature, application.form["shareholders"][1]["id_number"])
        db.session.commit()
        signing.decide(signature, verified.verification, signing_code(application, signature), signing.DECLINE,
                       "我不同意出资比例")
        db.session.commit()
    assert reason(client, app, number) == ("withdrawn", "李*拒绝签署：我不同意出资比例")
    assert reason(client, app, number, EN) == ("withdrawn", "李* declined to sign: 我不同意出资比例")


def test_the_deadline_names_who_was_awaited(app, client):
    with app.app_context():
        number = unsigned(llc_payload()[0])
        sign_as(application_by_number(number), 1)
        deadline = signatures_of(application_by_number(number))[0].expires_at
        assert sweep(now=deadline + timedelta(minutes=1)).withdrawn
    assert reason(client, app, number) == ("withdrawn", "签署期限已过，李*未签署，申请已自动撤回")
    status, english = reason(client, app, number, EN)
    assert status == "withdrawn" and "李*" in english and "deadline" in english.lower()
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english.replace("李*", ""))  # only the name is Chinese


def test_the_clerks_words_for_a_correction_and_a_rejection(app, client):
    with app.app_context():
        corrected = filed_application(example_payload(), status=ApplicationStatus.PROCESSING)
        review.request_correction(corrected, [{"field": "address", "reason": "门牌号与房产证不一致"}], "clerk",
                                  "请核对住所门牌号")
        rejected = filed_application(example_payload(), status=ApplicationStatus.PROCESSING)
        review.reject(rejected, "clerk", "经营范围含需前置审批项目，材料不全")
        db.session.commit()
        numbers = corrected.number, rejected.number
    assert reason(client, app, numbers[0]) == ("awaiting_correction", "请核对住所门牌号")
    assert reason(client, app, numbers[1]) == ("rejected", "经营范围含需前置审批项目，材料不全")


def test_an_agency_refusal_in_its_words_then_null_once_the_clerk_resumes_it(app, client, sandbox):
    payload = example_payload(address="湖北省十堰市竹溪县城关镇人民路1号登记退回")  # the sandbox registry refuses
    with app.app_context():
        application = run_pipeline(filed_application(payload))
        assert application.status == ApplicationStatus.NEEDS_REVIEW
        assert application.step("registration").status == StepStatus.NEEDS_REVIEW
        number = application.number
    status, words = reason(client, app, number)
    assert status == "needs_review"
    assert words == "市场监管部门退回：登记机关退回：住所证明材料与申报的住所不一致，请核对住所后重新提交，窗口工作人员正在处理"
    assert reason(client, app, number, EN)[1].startswith("Sent back by ")
    with app.app_context():
        review.retry_step(application_by_number(number), "registration", "clerk", "申请人已补充住所证明")
        db.session.commit()
    assert reason(client, app, number) == ("processing", None)
