"""The signing page a party opens from their SMS (/sign/<token>), through the Flask test client: plain
HTML forms, the same operations as the JSON API, the sandbox's identity provider, and the link and
the codes read from the sandbox's SMS inbox over HTTP."""

import random
import re

import lxml.html
from flask_migrate import upgrade
from sqlalchemy import select

from app.extensions import db
from app.factory import create_app
from app.models import Application, ApplicationStatus, Signature, Step
from app.public.signing_page import CHECK
from app.web.logs import redact
from config import Testing
from integrations import agency_urls
from tests.factories import deliver_outbox, example_payload, sandbox_sms

ZHANG, LI = "420324199001011235", "420324199202025676"


def phones() -> tuple[str, str]:
    """Two phones no other test texts, so the shared sandbox inbox holds only this test's messages."""
    return tuple(f"13{random.randrange(5, 8)}{random.randrange(10**8):08d}" for _ in range(2))


def masked(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def filed(client, representative: str = "张三"):
    """An LLC filed through the API: 张三 (legal representative and shareholder) and 李四 sign."""
    zhang, li = phones()
    payload = example_payload()
    payload["legal_representative"].update(name=representative, phone=zhang)
    payload["shareholders"][0]["name"] = representative
    payload["shareholders"][1].update(name="李四", phone=li)
    created = client.post("/api/v1/applications", json=payload)
    assert created.status_code == 201, created.get_json()
    return created.get_json()["number"], zhang, li


def link(app, sandbox, phone: str, number: str) -> str:
    """The page's address from the party's SMS (path only)."""
    deliver_outbox(app)
    return sandbox_sms(sandbox.url, phone, rf"申请{number}.*?(/sign/[A-Za-z0-9_\-]+)")


def html(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(response) -> str:
    return " ".join(html(response).get_element_by_id("main").text_content().split())


def verify(client, path: str, id_number: str):
    return client.post(path + "/verify", data={"id_number": id_number})


def code_for(app, sandbox, phone: str) -> str:
    deliver_outbox(app)
    return sandbox_sms(sandbox.url, phone, r"验证码\D{0,8}(\d{6})")


def decide(client, path: str, code: str, decision: str = "sign", reason: str = ""):
    return client.post(path + "/decide", data={"sms_code": code, "decision": decision, "reason": reason})


def sign_as(client, app, sandbox, path: str, phone: str, id_number: str):
    """Step 1 and step 2 as a party does them; the page the last redirect lands on."""
    sent = verify(client, path, id_number)
    assert sent.status_code == 303 and sent.headers["Location"] == path, sent.status
    return client.get(path), decide(client, path, code_for(app, sandbox, phone))


def application_of(number: str) -> Application:
    return db.session.scalar(select(Application).where(Application.number == number))


def test_both_parties_sign_on_the_page_and_the_application_is_accepted_and_queued(app, sandbox):
    zhang_client, li_client = app.test_client(), app.test_client()
    number, zhang, li = filed(zhang_client)
    zhang_path, li_path = link(app, sandbox, zhang, number), link(app, sandbox, li, number)

    page = zhang_client.get(zhang_path)
    assert page.status_code == 200
    shown = text_of(page)
    with app.app_context():
        assert application_of(number).company_name in shown
    assert number in shown and "张三" in shown and "法定代表人、股东" in shown and ZHANG not in shown
    documents = html(page).xpath("//a[@data-kind]")
    assert [a.get("data-kind") for a in documents] == ["application_form", "articles"]
    assert [a.text_content() for a in documents] == ["登记申请书", "公司章程"]
    for document in documents:
        pdf = zhang_client.get(document.get("href"))
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    form = html(page).get_element_by_id("sign-step-1").xpath(".//form")[0]
    assert form.get("method") == "post" and form.get("action") == zhang_path + "/verify"
    assert html(page).xpath("//label[@for='sign-id_number']")

    step_2, signed = sign_as(zhang_client, app, sandbox, zhang_path, zhang, ZHANG.lower())
    assert f"验证码已发送至{masked(zhang)}" in text_of(step_2)
    assert html(step_2).get_element_by_id("sign-step-2").xpath(".//input[@name='sms_code']")
    assert signed.status_code == 303 and signed.headers["Location"] == zhang_path
    done = zhang_client.get(zhang_path)
    assert html(done).get_element_by_id("sign-result").get("data-state") == "signed"
    assert "签署完成" in text_of(done) and "还在等待1位签署人签署：李*" in text_of(done)
    assert not html(done).xpath("//form[contains(@action, '/sign/')]")  # nothing more to do here
    with app.app_context():
        assert application_of(number).status == ApplicationStatus.AWAITING_SIGNATURES

    _step_2, signed = sign_as(li_client, app, sandbox, li_path, li, LI)
    assert signed.status_code == 303
    done = li_client.get(li_path)
    assert "签署完成" in text_of(done) and "申请已受理" in text_of(done)
    with app.app_context():
        application = application_of(number)
        assert application.status == ApplicationStatus.SUBMITTED and application.accepted_at is not None
        assert application.due_at is not None  # the clock runs from the last signature
        steps = db.session.scalars(select(Step).where(Step.application_id == application.id)).all()
        assert {s.name for s in steps if s.queued_at is not None} == {"name_approval"}  # the pipeline started


def test_the_verification_handle_is_in_no_address_and_not_on_the_page(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    sent = verify(client, path, ZHANG)
    with client.session_transaction() as session:
        handle = session[CHECK]["verification"]
    step_2 = client.get(path)
    assert handle not in sent.headers["Location"] and handle not in step_2.get_data(as_text=True)
    assert html(step_2).get_element_by_id("sign-step-2") is not None


def test_a_wrong_id_number_is_told_beside_the_field_in_chinese(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    wrong = verify(client, path, LI)  # a real ID number, not this party's
    assert wrong.status_code == 422
    page = html(wrong)
    assert "身份证件号码与申请中该签署人的不一致" in page.get_element_by_id("sign-id_number-error").text_content()
    assert page.get_element_by_id("sign-id_number").get("aria-invalid") == "true"
    assert page.get_element_by_id("sign-id_number").get("value") == LI  # what was typed stays
    assert page.get_element_by_id("error-summary").xpath(".//a/@href") == ["#sign-id_number"]
    empty = verify(client, path, "  ")
    assert empty.status_code == 422 and "请填写您的身份证件号码" in html(empty).get_element_by_id("sign-id_number-error").text_content()


def test_an_identity_mismatch_is_told_beside_the_field(app, client, sandbox):
    number, zhang, _li = filed(client, representative="冒名顶替")
    refused = verify(client, link(app, sandbox, zhang, number), ZHANG)
    assert refused.status_code == 422
    assert "实名核验未通过" in html(refused).get_element_by_id("sign-id_number-error").text_content()


def test_a_wrong_code_is_told_beside_the_field_and_the_right_one_still_signs(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    verify(client, path, ZHANG)
    code = code_for(app, sandbox, zhang)
    wrong = decide(client, path, f"{(int(code) + 1) % 1_000_000:06d}")
    assert wrong.status_code == 422
    assert "验证码不正确" in html(wrong).get_element_by_id("sign-sms_code-error").text_content()
    assert html(wrong).get_element_by_id("sign-step-2") is not None  # still step 2: the check holds
    malformed = decide(client, path, "12ab")
    assert malformed.status_code == 422
    assert "6位数字" in html(malformed).get_element_by_id("sign-sms_code-error").text_content()
    assert decide(client, path, code).status_code == 303
    assert "签署完成" in text_of(client.get(path))


def test_a_code_without_a_check_in_this_browser_counts_nothing(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    other = app.test_client()  # someone with the link but not the check
    refused = decide(other, path, "123456")
    assert refused.status_code == 422 and "验证码已失效" in text_of(refused)
    assert html(refused).get_element_by_id("sign-step-1") is not None
    with app.app_context():
        assert db.session.scalar(select(Signature.failures).where(Signature.position == 1)) == 0


def test_asking_for_a_new_code_goes_back_to_step_1(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    verify(client, path, ZHANG)
    assert html(client.get(path)).get_element_by_id("sign-step-2") is not None
    assert client.post(path + "/again").status_code == 303
    assert html(client.get(path)).get_element_by_id("sign-step-1") is not None


def test_a_decline_with_a_reason_withdraws_the_application(app, sandbox):
    zhang_client, li_client = app.test_client(), app.test_client()
    number, zhang, li = filed(zhang_client)
    zhang_path, li_path = link(app, sandbox, zhang, number), link(app, sandbox, li, number)
    verify(li_client, li_path, LI)
    page = html(li_client.get(li_path))
    decline = page.get_element_by_id("sign-decline")
    assert decline.get("name") == "decision" and decline.get("value") == "decline"
    assert page.xpath("//label[@for='sign-reason']") and page.get_element_by_id("sign-reason").tag == "textarea"
    declined = decide(li_client, li_path, code_for(app, sandbox, li), "decline", "我不同意出资比例")
    assert declined.status_code == 303
    after = li_client.get(li_path)
    assert html(after).get_element_by_id("sign-result").get("data-state") == "declined"
    assert "申请已撤回" in text_of(after) and "我不同意出资比例" in text_of(after)
    with app.app_context():
        application = application_of(number)
        assert application.status == ApplicationStatus.WITHDRAWN and "我不同意出资比例" in application.status_note
        assert all(step.queued_at is None for step in application.steps)
    # The other party's link now says there is nothing to sign, with no form.
    other = zhang_client.get(zhang_path)
    assert html(other).get_element_by_id("sign-result").get("data-state") == "closed"
    assert "已撤回" in text_of(other) and "李*拒绝签署" in text_of(other)
    assert not html(other).xpath("//input[@name='id_number']")
    assert verify(zhang_client, zhang_path, ZHANG).status_code == 409


def test_a_reused_link_says_it_was_used_and_offers_no_form(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    _step_2, signed = sign_as(client, app, sandbox, path, zhang, ZHANG)
    assert signed.status_code == 303
    for again in (verify(client, path, ZHANG), decide(client, path, "123456"), app.test_client().get(path)):
        assert again.status_code in (200, 409)
        assert "此链接已使用" in text_of(again)
        assert not html(again).xpath("//input[@name='id_number'] | //input[@name='sms_code']")
    assert verify(client, path, ZHANG).status_code == 409


def test_an_expired_or_unknown_link_is_a_friendly_404(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    with app.app_context():
        for signature in db.session.scalars(select(Signature)):
            signature.expires_at = signature.created_at  # the clock moved past the link's last day
        db.session.commit()
    for answer in (client.get(path), verify(client, path, ZHANG), decide(client, path, "123456"),
                   client.get("/sign/" + "A" * 43), client.get("/sign/short")):
        assert answer.status_code == 404
        assert "签署链接无效或已过期" in text_of(answer)
        assert html(answer).xpath("//a[@href='/track']")  # where to get a new one


def test_too_many_wrong_tries_lock_the_link_for_minutes(app, client, sandbox):
    app.config.update(SIGNING_MAX_FAILURES=3, SIGNING_LOCK_MINUTES=15)
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    answers = [verify(client, path, LI) for _ in range(3)]
    assert [a.status_code for a in answers] == [422, 422, 429]
    locked = answers[-1]
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert html(locked).get_element_by_id("sign-result").get("data-state") == "locked"
    assert "请15分钟后再试" in text_of(locked)
    assert not html(locked).xpath("//input[@name='id_number']")
    right = verify(client, path, ZHANG)  # even the right number, while locked
    assert right.status_code == 429 and "分钟后再试" in text_of(right)
    page = client.get(path)
    assert page.status_code == 200 and "请15分钟后再试" in text_of(page)


def test_wrong_codes_lock_the_link_too(app, client, sandbox):
    app.config.update(SIGNING_MAX_FAILURES=2, SIGNING_LOCK_MINUTES=10)
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    verify(client, path, ZHANG)
    code = code_for(app, sandbox, zhang)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert [decide(client, path, wrong).status_code for _ in range(2)] == [422, 429]
    assert decide(client, path, code).status_code == 429  # the check is gone with the lock
    assert "请10分钟后再试" in text_of(client.get(path))


def test_an_identity_provider_that_does_not_answer_says_try_again_later(app, client, sandbox):
    number, zhang, _li = filed(client, representative="张繁忙")  # the sandbox answers 503 twice per key
    path = link(app, sandbox, zhang, number)
    down = verify(client, path, ZHANG)
    assert down.status_code == 503 and int(down.headers["Retry-After"]) > 0
    assert "实名核验服务暂时无法访问，请稍后再试" in html(down).get_element_by_id("sign-notice").text_content()
    assert html(down).get_element_by_id("sign-id_number").get("value") == ZHANG  # the form is still there
    assert verify(client, path, ZHANG).status_code == 503
    assert verify(client, path, ZHANG).status_code == 303  # it answers again: the code is sent


def test_the_page_is_in_english_on_the_language_switch(app, client, sandbox):
    number, zhang, _li = filed(client)
    path = link(app, sandbox, zhang, number)
    page = client.get(path + "?lang=en")
    assert page.status_code == 200 and "Verify your identity" in text_of(page)
    wrong = verify(client, path, LI)
    assert "is not the one given for you" in html(wrong).get_element_by_id("sign-id_number-error").text_content()
    # The switch on a step's answer (a POST) comes back to the page, not to a 405.
    back = client.get(path + "/verify?lang=zh")
    assert back.status_code == 303 and back.headers["Location"] == path + "?lang=zh"


def test_the_forms_carry_csrf_and_a_post_without_it_is_refused(tmp_path, sandbox):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'csrf.sqlite'}",
                     INSTANCE_PATH=str(tmp_path), **agency_urls(sandbox.url))
    with app.app_context():
        upgrade(revision="heads")
    client = app.test_client()
    number, zhang, _li = filed(client)  # the API is exempt (no cookies, no CSRF)
    path = link(app, sandbox, zhang, number)
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert verify(client, path, ZHANG).status_code == 400
    sent = client.post(path + "/verify", data={"id_number": ZHANG, "csrf_token": token})
    assert sent.status_code == 303
    step_2 = client.get(path).get_data(as_text=True)
    assert re.findall(r'<form method="post" action="([^"]+)"', step_2) == [path + "/decide"]
    assert step_2.count('name="csrf_token"') == 2  # the decision and "a new code"


def test_the_access_log_never_carries_a_signing_token():
    token = "AbC_dEf-" * 5
    for line in (f'"GET /sign/{token} HTTP/1.1" 200', f'"POST /sign/{token}/verify HTTP/1.1" 303',
                 f'"POST /sign/{token}/decide HTTP/1.1" 422', f'"POST /sign/{token}/again HTTP/1.1" 303',
                 f'"GET /sign/{token}?lang=en HTTP/1.1" 200', f'"GET /sign/{token}/verify?lang=zh HTTP/1.1" 303',
                 f'"GET /api/v1/signing/{token}/documents/articles HTTP/1.1" 200'):
        cleaned = redact(line)
        assert token not in cleaned and ("/sign/…" in cleaned or "/signing/…" in cleaned), cleaned
