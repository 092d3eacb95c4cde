"""现场核验并签署 (帮代办): the clerk witnesses each party at the window; the signature records the witness."""

from datetime import timedelta
from io import BytesIO

import lxml.html
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from app.documents.signatures import verify_party_signatures
from app.extensions import db
from app.models import (
    Application,
    ApplicationStatus,
    AuditEvent,
    Channel,
    Document,
    Signature,
    SignatureStatus,
    User,
)
from app.signing import operations as signing
from app.signing.documents import the_party_ca
from app.signing.parties import signers_of
from app.signing.queries import signature_for_token, signatures_of
from tests.factories import example_payload, filed_application, signing_code, signing_token

WITNESS = "/clerk/applications/{number}/parties/{position}/witness"


@pytest.fixture
def waiting(ctx) -> Application:
    """A 帮代办 application awaiting its two parties' signatures (张三, 李四)."""
    return filed_application(example_payload(), channel=Channel.WINDOW, signed=False)


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def id_number_of(application: Application, position: int) -> str:
    return signers_of(application.form)[position - 1].id_number


def check_card(client, application: Application, position: int, id_number: str | None = None, ticked: bool = True):
    form = {"id_number": id_number if id_number is not None else id_number_of(application, position)}
    if ticked:
        form["id_card_checked"] = "y"
    return client.post(WITNESS.format(number=application.number, position=position) + "/verify", data=form)


def the_code(application: Application, position: int) -> str:
    db.session.expire_all()
    signature = db.session.scalar(select(Signature).where(Signature.application_id == application.id,
                                                          Signature.position == position))
    return signing_code(application, signature)


def witness(client, application: Application, position: int):
    checked = check_card(client, application, position)
    assert checked.status_code == 303, checked.get_data(as_text=True)[:3000]
    return client.post(WITNESS.format(number=application.number, position=position) + "/sign",
                       data={"sms_code": the_code(application, position)})


def test_the_application_page_shows_each_party_and_the_way_to_witness_them(clerk_client, waiting):
    html = page(clerk_client.get(f"/clerk/applications/{waiting.number}"))
    rows = html.get_element_by_id("signatures").xpath(".//tbody/tr")
    assert [row.get("data-status") for row in rows] == ["pending", "pending"]
    assert "张三" in rows[0].text_content() and "法定代表人" in rows[0].text_content()
    assert "李四" in rows[1].text_content() and "股东" in rows[1].text_content()
    links = html.xpath("//table[@id='signatures']//a[contains(., '现场核验并签署')]/@href")
    assert links == [WITNESS.format(number=waiting.number, position=p) for p in (1, 2)]


def test_witnessing_records_the_clerk_on_the_signature_the_audit_trail_and_the_pdf(clerk_client, waiting):
    signed = witness(clerk_client, waiting, 1)
    assert signed.status_code == 303 and signed.headers["Location"] == f"/clerk/applications/{waiting.number}"
    db.session.expire_all()
    clerk = db.session.scalar(select(User).where(User.username == "clerk1"))
    first, second = signatures_of(waiting)
    assert first.status == SignatureStatus.SIGNED and second.status == SignatureStatus.PENDING
    assert (first.witnessed_by_user_id, first.witnessed_by) == (clerk.id, "王窗口")
    assert first.witnessed_at == first.signed_at is not None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.application_id == waiting.id,
                                                         AuditEvent.action.in_(("party_verified", "party_signed")))
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.actor_user_id) for e in events] == [
        ("party_verified", "clerk1", clerk.id), ("party_signed", "clerk1", clerk.id)]
    assert "已现场核验身份证原件" in events[0].note and "现场见证：窗口 王窗口" in events[1].note
    for document in db.session.scalars(select(Document).where(Document.application_id == waiting.id,
                                                              Document.kind.in_(("application_form", "articles")))):
        checks = verify_party_signatures(document.content, the_party_ca().certificate)
        assert [(c.ok, c.signer) for c in checks] == [(True, "张三")], document.kind
        reason = PdfFileReader(BytesIO(document.content)).embedded_signatures[0].sig_object["/Reason"]
        assert "现场见证：窗口 王窗口" in str(reason), reason
    row = page(clerk_client.get(f"/clerk/applications/{waiting.number}")).xpath(
        "//table[@id='signatures']//tr[@data-position='1']")[0]
    assert row.get("data-status") == "signed" and "现场见证：王窗口" in row.text_content()
    assert "现场核验并签署" not in row.text_content()
    assert waiting.status == ApplicationStatus.AWAITING_SIGNATURES  # the other party has not signed


def test_the_last_witnessed_signature_accepts_the_application(clerk_client, waiting):
    assert witness(clerk_client, waiting, 1).status_code == 303
    last = witness(clerk_client, waiting, 2)
    assert last.status_code == 303
    db.session.expire_all()
    application = db.session.get(Application, waiting.id)
    assert application.status == ApplicationStatus.SUBMITTED and application.due_at is not None
    accepted = db.session.scalar(select(AuditEvent).where(AuditEvent.application_id == waiting.id,
                                                          AuditEvent.action == "accepted"))
    assert accepted.actor == "clerk1"
    flashed = clerk_client.get(last.headers["Location"]).get_data(as_text=True)
    assert "李四已在窗口现场签署" in flashed and "申请已受理" in flashed
    checks = verify_party_signatures(db.session.scalar(select(Document.content).where(
        Document.application_id == waiting.id, Document.kind == "application_form")), the_party_ca().certificate)
    assert [c.ok for c in checks] == [True, True]


def test_the_id_card_check_must_be_ticked(clerk_client, waiting):
    refused = check_card(clerk_client, waiting, 1, ticked=False)
    assert refused.status_code == 422
    html = page(refused)
    message = html.get_element_by_id("witness-id_card_checked-error").text_content()
    assert "请先现场核验签署人的身份证原件" in message
    assert html.get_element_by_id("witness-id_number").get("value") == id_number_of(waiting, 1)  # kept
    db.session.expire_all()
    assert signatures_of(waiting)[0].verifications == 0  # nothing was checked, no code sent


def test_a_wrong_id_number_is_refused_beside_the_field_and_counted(clerk_client, waiting):
    refused = check_card(clerk_client, waiting, 1, id_number="42032419850315002X")
    assert refused.status_code == 422
    message = page(refused).get_element_by_id("witness-id_number-error").text_content()
    assert "身份证件号码与申请中该签署人的不一致" in message
    db.session.expire_all()
    assert signatures_of(waiting)[0].failures == 1  # committed: guessing at the window is bounded too


def test_a_wrong_code_is_refused_beside_the_field(clerk_client, waiting):
    assert check_card(clerk_client, waiting, 1).status_code == 303
    step_two = page(clerk_client.get(WITNESS.format(number=waiting.number, position=1)))
    assert step_two.get_element_by_id("witness-step-2") is not None
    wrong = str((int(the_code(waiting, 1)) + 1) % 1_000_000).zfill(6)
    refused = clerk_client.post(WITNESS.format(number=waiting.number, position=1) + "/sign", data={"sms_code": wrong})
    assert refused.status_code == 422
    assert "验证码不正确" in page(refused).get_element_by_id("witness-sms_code-error").text_content()
    db.session.expire_all()
    assert signatures_of(waiting)[0].status == SignatureStatus.PENDING


def test_a_code_without_a_check_at_this_window_signs_nothing(app, clerk_client, supervisor_client, waiting):
    assert check_card(clerk_client, waiting, 1).status_code == 303
    # Another window (the supervisor's session) holds no check: the code read off the party's phone is not enough.
    refused = supervisor_client.post(WITNESS.format(number=waiting.number, position=1) + "/sign",
                                     data={"sms_code": the_code(waiting, 1)})
    assert refused.status_code == 422 and "验证码已失效" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert signatures_of(waiting)[0].status == SignatureStatus.PENDING


def test_an_identity_that_does_not_match_at_the_provider_is_refused(clerk_client, ctx):
    payload = example_payload()
    payload["legal_representative"]["name"] = payload["shareholders"][0]["name"] = "冒名者"
    application = filed_application(payload, channel=Channel.WINDOW, signed=False)
    refused = check_card(clerk_client, application, 1)
    assert refused.status_code == 422
    assert "实名核验未通过" in page(refused).get_element_by_id("witness-id_number-error").text_content()


def test_a_check_through_the_link_afterwards_is_not_witnessed(clerk_client, waiting):
    assert check_card(clerk_client, waiting, 1).status_code == 303
    own = signature_for_token(signing_token(waiting, 1))
    verified = signing.verify_party(own, id_number_of(waiting, 1))
    db.session.commit()
    signing.decide(own, verified.verification, signing_code(waiting, own), signing.SIGN)
    db.session.commit()
    db.session.expire_all()
    signature = signatures_of(waiting)[0]
    assert signature.status == SignatureStatus.SIGNED and signature.witnessed_by_user_id is None
    assert signature.witnessed_at is None


def test_only_the_windows_roles_may_witness(app, courier_client, waiting):
    assert courier_client.get(WITNESS.format(number=waiting.number, position=1)).status_code == 403
    assert check_card(courier_client, waiting, 1).status_code == 403


def test_an_application_no_longer_waiting_offers_no_witnessing(clerk_client, waiting):
    waiting.status = ApplicationStatus.WITHDRAWN
    db.session.commit()
    html = page(clerk_client.get(WITNESS.format(number=waiting.number, position=1)))
    assert html.get_element_by_id("witness-closed") is not None
    assert not html.xpath("//form[@id='witness-step-1']")
    assert check_card(clerk_client, waiting, 1).status_code == 409
    assert "现场核验并签署" not in clerk_client.get(f"/clerk/applications/{waiting.number}").get_data(as_text=True)


def test_an_unknown_party_is_404(clerk_client, waiting):
    assert clerk_client.get(WITNESS.format(number=waiting.number, position=9)).status_code == 404
    assert clerk_client.get(WITNESS.format(number="000000000000000000", position=1)).status_code == 404


# ---------------------------------------------------------------- the queue's 待签名 filter


def numbers_in(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-number="')[1:]]


def test_the_queue_lists_the_awaiting_ones_only_when_asked(clerk_client, waiting):
    older = filed_application(example_payload(), signed=False)
    older.submitted_at = waiting.submitted_at - timedelta(hours=1)
    accepted = filed_application(example_payload())
    db.session.commit()
    assert witness(clerk_client, waiting, 1).status_code == 303
    default = clerk_client.get("/clerk/").get_data(as_text=True)
    assert numbers_in(default) == [accepted.number]  # the default is as it was: the open states only
    html = page(clerk_client.get("/clerk/?status=awaiting_signatures"))
    assert html.xpath("//select[@id='status']/option[@selected]/text()") == ["待签名"]
    rows = html.xpath("//table[@id='queue']/tbody/tr")
    assert [row.get("data-number") for row in rows] == [older.number, waiting.number]  # oldest filed first
    assert "已签署 0/2" in rows[0].text_content() and "已签署 1/2" in rows[1].text_content()
    assert "签署截止" in rows[1].text_content() and "帮代办" in rows[1].text_content()
    searched = clerk_client.get(f"/clerk/?status=awaiting_signatures&q={waiting.number}").get_data(as_text=True)
    assert numbers_in(searched) == [waiting.number]


def test_the_awaiting_list_pages_by_filing_time(clerk_client, ctx, monkeypatch):
    monkeypatch.setattr("app.signing.awaiting.PAGE_SIZE", 2)
    made = [filed_application(example_payload(), signed=False) for _ in range(3)]
    html = page(clerk_client.get("/clerk/?status=awaiting_signatures"))
    shown = [row.get("data-number") for row in html.xpath("//table[@id='queue']/tbody/tr")]
    assert shown == [a.number for a in made[:2]]
    following = html.xpath("//a[@rel='next']/@href")[0]
    assert numbers_in(clerk_client.get(following).get_data(as_text=True)) == [made[2].number]
