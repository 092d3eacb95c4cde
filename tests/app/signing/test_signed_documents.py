"""The signatures the parties leave on the 申请书 and the 章程: each validates, none is lost, none is forged."""

import os
import threading

import pytest
from sqlalchemy import event, select

from app.documents.signatures import verify_party_signatures
from app.extensions import db
from app.models import Application, ApplicationStatus, Document, Signature
from app.privacy import current_keys
from app.privacy.values import ID_NUMBER
from app.privacy.values import digest as keyed_digest
from app.signing import operations as signing
from app.signing.documents import the_party_ca
from app.signing.queries import signature_for_token, signatures_of
from tests.factories import example_payload, filed_application, sign_every_party, signing_code, signing_token
from tests.support.pdf import tamper
from tests.support.postgres import postgres_app

WANG = "42032419850315002X"


def documents_of(application: Application) -> dict[str, bytes]:
    return {d.kind: d.content for d in db.session.scalars(select(Document).where(
        Document.application_id == application.id))}


def three_parties() -> dict:
    payload = example_payload(registered_capital_yuan=1_100_000)
    payload["shareholders"].append({"name": "王五", "id_number": WANG.lower(), "contribution_yuan": 100_000,
                                    "phone": "13700000000"})
    return payload


def test_every_partys_signature_on_both_documents_validates_and_names_them(ctx):
    application = filed_application(three_parties())
    assert application.status == ApplicationStatus.SUBMITTED
    ca = the_party_ca()
    secret = current_keys().lookup[0]
    for kind, pdf in documents_of(application).items():
        checks = verify_party_signatures(pdf, ca.certificate)
        assert [c.ok for c in checks] == [True, True, True], kind
        assert [c.signer for c in checks] == ["张三", "李四", "王五"]
        assert [c.field_name for c in checks] == ["签署人1 张三", "签署人2 李四", "签署人3 王五"]
        assert {c.application_number for c in checks} == {application.number}
        # The certificate carries a keyed digest of the ID number, never the number.
        assert checks[2].id_digest == keyed_digest(ID_NUMBER, WANG, secret)
        assert WANG.encode() not in pdf and b"420324199001011235" not in pdf


def test_one_changed_byte_fails_every_signature(ctx):
    application = filed_application()
    ca = the_party_ca()
    pdf = documents_of(application)["application_form"]
    assert [c.ok for c in verify_party_signatures(pdf, ca.certificate)] == [True, True]
    assert not any(c.ok for c in verify_party_signatures(tamper(pdf), ca.certificate))


def test_a_signature_from_another_ca_is_not_ours(ctx, tmp_path):
    from app.documents.signatures import demo_party_ca

    application = filed_application()
    stranger = demo_party_ca(tmp_path / "elsewhere")
    checks = verify_party_signatures(documents_of(application)["application_form"], stranger.certificate)
    assert checks and not any(c.ok for c in checks)


@pytest.fixture(params=["embedded", "postgresql"])
def either_app(request, app, sandbox, tmp_path):
    """The test's app on SQLite, then on a PostgreSQL database of its own (TEST_DATABASE_URL)."""
    if request.param == "embedded":
        yield app
        return
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as on_postgres:
        yield on_postgres


def test_two_parties_signing_at_once_both_keep_their_signature(either_app):
    """The first party's request is held just after it has read the documents, until the second has
    read them too (or a second has passed): had the second not waited for the first's lock, it would
    sign the copy without the first signature and write it over the first's."""
    app = either_app
    with app.app_context():
        application = filed_application(signed=False)
        number = application.number
        ready = []
        for signature in signatures_of(application):
            token = signing_token(application, signature.position)
            own = signature_for_token(token)
            verified = signing.verify_party(own, ("420324199001011235", "420324199202025676")[own.position - 1])
            db.session.commit()
            ready.append((token, verified.verification, signing_code(application, own)))
        engine = db.engine
    first_read, second_read, errors = threading.Event(), threading.Event(), []

    def held(_conn, _cursor, statement, *_args) -> None:
        if "FROM documents" not in statement:
            return
        if threading.current_thread().name == "first" and not first_read.is_set():
            first_read.set()
            second_read.wait(1.0)
        elif threading.current_thread().name == "second":
            second_read.set()

    def answer(token: str, verification: str, code: str) -> None:
        try:
            with app.app_context():
                response = app.test_client().post(f"/api/v1/signing/{token}/sign", json={
                    "verification": verification, "sms_code": code, "decision": "sign"})
                assert response.status_code == 200, response.get_json()
        except Exception as error:  # reported below: an assert in a thread would vanish
            errors.append(error)

    event.listen(engine, "after_cursor_execute", held)
    try:
        first = threading.Thread(target=answer, args=ready[0], name="first")
        first.start()
        assert first_read.wait(10)
        second = threading.Thread(target=answer, args=ready[1], name="second")
        second.start()
        first.join(30)
        second.join(30)
    finally:
        event.remove(engine, "after_cursor_execute", held)
    assert errors == []
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        assert application.status == ApplicationStatus.SUBMITTED
        for kind, pdf in documents_of(application).items():
            checks = verify_party_signatures(pdf, the_party_ca().certificate)
            assert sorted(c.signer for c in checks) == ["张三", "李四"] and all(c.ok for c in checks), kind


def test_a_person_named_twice_signs_once_with_both_roles(ctx):
    application = filed_application(signed=False)
    rows = signatures_of(application)
    assert [(s.name, s.roles) for s in rows] == [("张三", ["legal_representative", "shareholder"]),
                                                 ("李四", ["shareholder"])]
    sign_every_party(application)
    pdf = documents_of(application)["application_form"]
    assert [c.signer for c in verify_party_signatures(pdf, the_party_ca().certificate)] == ["张三", "李四"]


def test_nothing_secret_is_stored_in_the_clear(ctx):
    application = filed_application(signed=False)
    token = signing_token(application, 1)
    rows = db.session.execute(select(Signature.__table__)).mappings().all()
    for row in rows:
        values = " ".join(str(value) for value in row.values())
        assert token not in values
        assert "13800000000" not in values and "13900000000" not in values
        assert "420324199001011235" not in values and "420324199202025676" not in values
