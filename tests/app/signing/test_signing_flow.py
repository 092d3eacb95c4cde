"""Every party proves who they are and signs, through the JSON API, with the sandbox's identity
provider and SMS inbox (the codes are read from the inbox over HTTP, as the contract check does)."""

import random

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, Document, Signature, Step
from app.sla.centre import apply_due_at
from tests.factories import deliver_outbox, example_payload, sandbox_sms

AGENCIES_FILED_WITH = ("name_approval", "registration", "seal_carving", "tax", "bank", "social_insurance", "housing_fund", "courier")
ZHANG, LI = "420324199001011235", "420324199202025676"


def phones() -> tuple[str, str]:
    """Two phones no other test texts, so the shared sandbox inbox holds only this test's messages."""
    return tuple(f"13{random.randrange(5, 8)}{random.randrange(10**8):08d}" for _ in range(2))


def llc_payload(representative: str = "张三", shareholder: str = "李四"):
    zhang, li = phones()
    payload = example_payload()
    payload["legal_representative"].update(name=representative, phone=zhang)
    payload["shareholders"][0]["name"] = representative
    payload["shareholders"][1].update(name=shareholder, phone=li)
    return payload, zhang, li


def submit(client, payload) -> dict:
    response = client.post("/api/v1/applications", json=payload)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def follow(client, created) -> dict:
    return client.get(created["links"]["self"], headers={"Authorization": "Bearer " + created["access_token"]}).get_json()


def agency_effects(sandbox) -> dict:
    stats = requests.get(sandbox.url + "/_sandbox/stats", timeout=10).json()
    return {agency: stats[agency]["effects"] for agency in AGENCIES_FILED_WITH}


def link_token(app, sandbox, phone: str, number: str) -> str:
    deliver_outbox(app)
    return sandbox_sms(sandbox.url, phone, rf"申请{number}.*?/sign/([A-Za-z0-9_\-]+)")


def verify(client, app, sandbox, token: str, phone: str, id_number: str) -> tuple[str, str]:
    """(verification, the code texted to the phone)."""
    answer = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": id_number})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["sms_sent_to"] == phone[:3] + "****" + phone[-4:]
    deliver_outbox(app)
    return answer.get_json()["verification"], sandbox_sms(sandbox.url, phone, r"验证码\D{0,8}(\d{6})")


def sign(client, token: str, verification: str, code: str, decision: str = "sign", **extra):
    return client.post(f"/api/v1/signing/{token}/sign", json={"verification": verification, "sms_code": code,
                                                              "decision": decision, **extra})


def test_every_party_signs_and_only_then_is_it_accepted(app, client, sandbox):
    payload, zhang, li = llc_payload()
    before = agency_effects(sandbox)
    created = submit(client, payload)
    assert created["status"] == "awaiting_signatures" and created["due_at"] is None
    shown = follow(client, created)
    assert shown["status"] == "awaiting_signatures" and shown["sla"]["due_at"] is None
    # A person named twice (legal representative and shareholder, one ID number) signs once.
    assert shown["signatures"] == [
        {"party": ["legal_representative", "shareholder"], "name": "张*", "status": "pending", "signed_at": None},
        {"party": ["shareholder"], "name": "李*", "status": "pending", "signed_at": None}]

    tokens = {}
    for phone, id_number in ((zhang, ZHANG), (li, LI)):
        tokens[phone] = token = link_token(app, sandbox, phone, created["number"])
        info = client.get(f"/api/v1/signing/{token}").get_json()
        assert info["number"] == created["number"] and info["status"] == "pending"
        assert [d["kind"] for d in info["documents"]] == ["application_form", "articles"]
        pdf = client.get(info["documents"][0]["url"])
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
        verification, code = verify(client, app, sandbox, token, phone, id_number.lower())
        signed = sign(client, token, verification, code)
        assert signed.status_code == 200 and signed.get_json()["status"] == "signed", signed.get_json()
        if phone == zhang:  # one of two: still waiting, no clock, no agency asked
            middle = follow(client, created)
            assert middle["status"] == "awaiting_signatures" and middle["sla"]["due_at"] is None
            assert [s["status"] for s in middle["signatures"]] == ["signed", "pending"]
            assert agency_effects(sandbox) == before

    accepted = follow(client, created)
    assert accepted["status"] == "submitted" and accepted["sla"]["due_at"]
    assert [s["status"] for s in accepted["signatures"]] == ["signed", "signed"]
    assert agency_effects(sandbox) == before  # queued, not run: no worker in this test
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == created["number"]))
        last = max(s.signed_at for s in db.session.scalars(select(Signature).where(
            Signature.application_id == application.id)))
        assert application.accepted_at == last  # the clock starts at the last signature, not at filing
        assert application.accepted_at > application.submitted_at
        assert application.due_at == apply_due_at(last)
        steps = db.session.scalars(select(Step).where(Step.application_id == application.id)).all()
        assert {s.name for s in steps if s.queued_at is not None} == {"name_approval"}

    # The same token again: 409, for verifying and for signing.
    again = client.post(f"/api/v1/signing/{tokens[li]}/verify", json={"id_number": LI})
    assert again.status_code == 409 and again.get_json()["error"]
    assert sign(client, tokens[li], "x" * 32, "123456").status_code == 409
    assert client.get(f"/api/v1/signing/{tokens[li]}").get_json()["status"] == "signed"


def test_nothing_is_queued_or_filed_before_every_party_has_signed(app, client, sandbox):
    before = agency_effects(sandbox)
    payload, zhang, li = llc_payload()
    created = submit(client, payload)
    deliver_outbox(app)
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == created["number"]))
        assert application.status == ApplicationStatus.AWAITING_SIGNATURES and application.accepted_at is None
        steps = db.session.scalars(select(Step).where(Step.application_id == application.id)).all()
        assert steps and all(s.queued_at is None for s in steps)
        kinds = set(db.session.scalars(select(Document.kind).where(Document.application_id == application.id)))
        assert kinds == {"application_form", "articles"}
    assert agency_effects(sandbox) == before


def test_an_unknown_or_malformed_token_is_404(client):
    for token in ("A" * 43, "short", "../../etc/passwd", "x" * 200):
        assert client.get(f"/api/v1/signing/{token}").status_code == 404
        assert client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG}).status_code == 404
        assert client.get(f"/api/v1/signing/{token}/documents/application_form").status_code == 404


def test_an_expired_link_is_404(app, client, sandbox):
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    with app.app_context():
        for signature in db.session.scalars(select(Signature)):
            signature.expires_at = signature.created_at
        db.session.commit()
    assert client.get(f"/api/v1/signing/{token}").status_code == 404
    assert client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG}).status_code == 404


def test_another_persons_id_number_is_refused_before_the_identity_provider_is_asked(app, client, sandbox):
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    wrong = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": LI})  # a real number, not theirs
    assert wrong.status_code == 422 and "身份证件号码" in wrong.get_json()["error"]
    with pytest.raises(AssertionError):  # no code was sent
        deliver_outbox(app)
        sandbox_sms(sandbox.url, zhang, r"验证码\D{0,8}(\d{6})")


def test_an_identity_mismatch_is_refused(app, client, sandbox):
    payload, zhang, _li = llc_payload(representative="冒名顶替")
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    refused = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})
    assert refused.status_code == 422 and "实名核验未通过" in refused.get_json()["error"]


def test_a_wrong_code_is_refused_and_a_code_of_another_check_does_not_fit(app, client, sandbox):
    payload, zhang, li = llc_payload()
    created = submit(client, payload)
    zhang_token = link_token(app, sandbox, zhang, created["number"])
    li_token = link_token(app, sandbox, li, created["number"])
    verification, code = verify(client, app, sandbox, zhang_token, zhang, ZHANG)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = sign(client, zhang_token, verification, wrong)
    assert refused.status_code == 422 and "验证码" in refused.get_json()["error"]
    li_verification, li_code = verify(client, app, sandbox, li_token, li, LI)
    assert sign(client, zhang_token, li_verification, li_code).status_code == 422  # Li's check is not Zhang's
    assert sign(client, zhang_token, verification, code).status_code == 200
    assert sign(client, zhang_token, verification, code).status_code == 409  # one use


def test_an_expired_code_is_refused(app, client, sandbox):
    app.config["SIGNING_CODE_MINUTES"] = 0  # every code has run out by the time it is typed
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    verification, code = verify(client, app, sandbox, token, zhang, ZHANG)
    expired = sign(client, token, verification, code)
    assert expired.status_code == 422 and "过期" in expired.get_json()["error"]


def test_too_many_wrong_tries_lock_the_link(app, client, sandbox):
    app.config.update(SIGNING_MAX_FAILURES=5, SIGNING_LOCK_MINUTES=15)
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    answers = [client.post(f"/api/v1/signing/{token}/verify", json={"id_number": LI}).status_code for _ in range(5)]
    assert answers == [422, 422, 422, 422, 429]
    locked = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})  # even the right one
    assert locked.status_code == 429 and 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert sign(client, token, "x" * 32, "123456").status_code == 429


def test_wrong_codes_count_towards_the_lock_too(app, client, sandbox):
    app.config.update(SIGNING_MAX_FAILURES=3)
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    verification, code = verify(client, app, sandbox, token, zhang, ZHANG)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert [sign(client, token, verification, wrong).status_code for _ in range(3)] == [422, 422, 429]
    assert sign(client, token, verification, code).status_code == 429  # the right code no longer helps


def test_a_decline_withdraws_the_application_and_the_others_are_told(app, client, sandbox):
    payload, zhang, li = llc_payload()
    created = submit(client, payload)
    zhang_token = link_token(app, sandbox, zhang, created["number"])
    li_token = link_token(app, sandbox, li, created["number"])
    verification, code = verify(client, app, sandbox, li_token, li, LI)
    declined = sign(client, li_token, verification, code, decision="decline", reason="我不同意出资比例")
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    shown = follow(client, created)
    assert shown["status"] == "withdrawn" and shown["sla"]["due_at"] is None
    assert [s["status"] for s in shown["signatures"]] == ["pending", "declined"]
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == created["number"]))
        assert "我不同意出资比例" in application.status_note
    deliver_outbox(app)
    told = sandbox_sms(sandbox.url, zhang, rf"(申请{created['number']}.*已撤回.*)")
    assert "李*拒绝签署" in told and "我不同意出资比例" in told
    assert "我不同意出资比例" in follow(client, created)["status_reason"]
    late = client.post(f"/api/v1/signing/{zhang_token}/verify", json={"id_number": ZHANG})
    assert late.status_code == 409  # nothing left to sign
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == created["number"]))
        assert application.accepted_at is None and all(step.queued_at is None for step in application.steps)


def test_codes_are_not_texted_without_end(app, client, sandbox):
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    answers = [client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG}).status_code
               for _ in range(11)]
    assert answers == [200] * 10 + [429]


def test_a_sole_proprietorship_has_one_party_and_no_articles(app, client, sandbox):
    phone = phones()[0]
    payload = example_payload(entity_type="sole_proprietorship")
    payload["name"]["org_form"] = "商行"
    del payload["shareholders"]
    payload["legal_representative"]["phone"] = phone
    created = submit(client, payload)
    token = link_token(app, sandbox, phone, created["number"])
    info = client.get(f"/api/v1/signing/{token}").get_json()
    assert info["party"]["roles"] == ["legal_representative"]
    assert [d["kind"] for d in info["documents"]] == ["application_form"]
    assert client.get(f"/api/v1/signing/{token}/documents/articles").status_code == 404
    verification, code = verify(client, app, sandbox, token, phone, ZHANG)
    assert sign(client, token, verification, code).status_code == 200
    assert follow(client, created)["status"] == "submitted"


def test_a_signing_token_opens_only_its_own_application(app, client, sandbox):
    payload, zhang, _li = llc_payload()
    mine = submit(client, payload)
    other_payload, _zhang2, _li2 = llc_payload()
    other = submit(client, other_payload)
    token = link_token(app, sandbox, zhang, mine["number"])
    assert client.get(f"/api/v1/signing/{token}").get_json()["number"] == mine["number"]
    # The signing token is not the applicant's access token, and does not open the application.
    for url in (f"/api/v1/applications/{other['number']}", f"/api/v1/applications/{mine['number']}"):
        assert client.get(url, headers={"Authorization": "Bearer " + token}).status_code == 404


def test_the_link_is_texted_on_the_public_address_to_each_partys_own_phone(app, client, sandbox):
    payload, zhang, li = llc_payload()
    created = submit(client, payload)
    deliver_outbox(app)
    base = app.config["PUBLIC_BASE_URL"]
    for phone in (zhang, li):
        link = sandbox_sms(sandbox.url, phone, rf"申请{created['number']}.*?请签署：(\S+)")
        assert link.startswith(base + "/sign/") and len(link) > len(base) + 40


def test_an_identity_provider_that_is_busy_is_a_503_with_retry_after_not_a_failure(app, client, sandbox):
    app.config.update(SIGNING_MAX_FAILURES=2)  # were a 503 counted, the second would lock the link
    payload, zhang, _li = llc_payload(representative="张繁忙")  # the sandbox answers 503 twice per key
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    for _ in range(2):
        busy = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})
        assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0 and busy.get_json()["error"]
    verification, code = verify(client, app, sandbox, token, zhang, ZHANG)  # the same key: now it answers
    assert sign(client, token, verification, code).status_code == 200


def test_the_link_and_the_code_are_at_the_gateway_before_the_answer_says_so(client, sandbox):
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)  # no worker runs here: only the request itself can have sent it
    token = sandbox_sms(sandbox.url, zhang, rf"申请{created['number']}.*?/sign/([A-Za-z0-9_\-]+)")
    answer = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})
    assert answer.status_code == 200
    code = sandbox_sms(sandbox.url, zhang, r"验证码\D{0,8}(\d{6})")
    assert sign(client, token, answer.get_json()["verification"], code).status_code == 200


def test_an_unknown_link_is_404_whatever_the_body(client):
    unknown = "x" * 43
    for path in ("verify", "sign"):
        for body in ({}, {"id_number": ""}, {"sms_code": "12"}):
            assert client.post(f"/api/v1/signing/{unknown}/{path}", json=body).status_code == 404


def test_an_answered_identity_check_is_never_replayed_to_the_next_try(app, client, sandbox, monkeypatch):
    # The provider answers once per Idempotency-Key: were the key the same after a refusal, every later
    # try — the party's own or at the window — would get that refusal back, whatever the provider now says.
    from integrations.identity import IdentityClient
    keys, verify_at_provider = [], IdentityClient.verify

    def recording(self, name, id_number, phone, idempotency_key):
        keys.append(idempotency_key)
        return verify_at_provider(self, name, id_number, phone, idempotency_key)

    monkeypatch.setattr(IdentityClient, "verify", recording)
    payload, zhang, _li = llc_payload(representative="张冒名")  # the sandbox never matches this name
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    for _ in range(2):
        refused = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": ZHANG})
        assert refused.status_code == 422 and "实名核验未通过" in refused.get_json()["error"]
    assert len(keys) == 2 and keys[0] != keys[1]
    with app.app_context():
        signature = db.session.scalars(select(Signature).join(Application)
                                       .where(Application.number == created["number"], Signature.position == 1)).one()
        assert signature.identity_checks == 2 and signature.failures == 2 and signature.verifications == 0


def test_two_tries_at_once_each_count(app, client, sandbox):
    # Each wrong try is counted with the row held and read again: none is lost to another running beside it.
    import threading
    app.config.update(SIGNING_MAX_FAILURES=4)
    payload, zhang, _li = llc_payload()
    created = submit(client, payload)
    token = link_token(app, sandbox, zhang, created["number"])
    answers = []

    def wrong_try():
        with app.test_client() as own:
            answers.append(own.post(f"/api/v1/signing/{token}/verify", json={"id_number": LI}).status_code)

    tries = [threading.Thread(target=wrong_try) for _ in range(3)]
    for each in tries:
        each.start()
    for each in tries:
        each.join(60)
    assert sorted(answers) == [422, 422, 422]
    locked = client.post(f"/api/v1/signing/{token}/verify", json={"id_number": LI})
    assert locked.status_code == 429  # the fourth wrong try locks: three were counted, none lost
