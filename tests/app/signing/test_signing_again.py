"""补正 after 受理: what the parties signed is no longer what is filed, so they sign the corrected
申请书 again (a new round) before the application goes on; the clock stays paused meanwhile."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.messages.operations import queue_sms
from app.models import Application, ApplicationStatus, Document, Pause, SignatureStatus, StepStatus
from app.review.operations import request_correction, resubmit
from app.signing import lifecycle
from app.signing.queries import signature_for_token, signatures_of
from app.signing.tasks import sweep
from tests.factories import _outbox_text, create_application, sign_every_party, signing_token

NEW_ADDRESS = "湖北省十堰市竹溪县城关镇人民路18号"


def corrected(app) -> Application:
    """An accepted, signed application whose tax step the agency refused, corrected by the applicant."""
    application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                     stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "地址无法核实")})
    request_correction(application, [{"field": "address", "reason": "请写到门牌号"}], "applicant", "地址无法核实")
    db.session.commit()
    assert resubmit(application, {"address": NEW_ADDRESS}) == {}
    db.session.commit()
    return application


def test_a_correction_asks_every_party_to_sign_the_corrected_application_form_again(app, sandbox):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                         stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "地址无法核实")})
        first_links = [signing_token(application, s.position) for s in signatures_of(application)]
        signed_form = db.session.scalar(select(Document.content).where(
            Document.application_id == application.id, Document.kind == "application_form"))
        request_correction(application, [{"field": "address", "reason": "请写到门牌号"}], "applicant", "地址无法核实")
        db.session.commit()
        assert resubmit(application, {"address": NEW_ADDRESS}) == {}
        db.session.commit()

        assert application.status == ApplicationStatus.AWAITING_SIGNATURES
        parties = signatures_of(application)
        assert {(s.status, s.signing_round, s.signed_at) for s in parties} == {(SignatureStatus.PENDING, 2, None)}
        # The signed 申请书 is kept for the record, out of every list; the new one is made from the corrected form.
        kinds = dict(db.session.execute(select(Document.kind, Document.content)
                                        .where(Document.application_id == application.id)).all())
        assert kinds["application_form.r1"] == signed_form and kinds["application_form"] != signed_form
        assert all(signature_for_token(token) is None for token in first_links)  # the first round's links are dead
        text = _outbox_text(f"signing-link:{application.number}:1:r2")
        assert "已补正" in text and "重新签署" in text
        pause = db.session.scalar(select(Pause).where(Pause.application_id == application.id))
        assert pause.ended_at is None  # signing again is the applicant's time, as the correction was

        sign_every_party(application)
        db.session.refresh(application)
        assert application.status == ApplicationStatus.PROCESSING
        assert db.session.scalar(select(Pause.ended_at).where(Pause.application_id == application.id)) is not None
        assert application.step("tax_registration").status == StepStatus.PENDING  # goes on where it stopped
        assert application.form["address"] == NEW_ADDRESS


def test_the_second_round_has_its_own_reminder(app, sandbox):
    with app.app_context():
        application = corrected(app)
        number = application.number
        deadline = signatures_of(application)[0].expires_at
        for position in (1, 2):  # as if the first round had reminded both parties
            queue_sms("13800000000", "提醒", f"signing-reminder:{number}:{position}", application)
        db.session.commit()
        reminded = sweep(now=deadline - timedelta(hours=2)).reminded  # the first round's keys do not stand in the way
        assert reminded == [lifecycle.reminder_key(number, p, 2) for p in (1, 2)] == [
            f"signing-reminder:{number}:1:r2", f"signing-reminder:{number}:2:r2"]


def test_an_unchanged_correction_is_refused_with_a_message(app, sandbox):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                         stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "地址无法核实")})
        request_correction(application, [{"field": "address", "reason": "请写到门牌号"}], "applicant", "地址无法核实")
        db.session.commit()
        errors = resubmit(application, {"address": application.form["address"]})
        assert errors == {"_": ["提交的内容与原来相同，请填写更正后的内容再提交"]}
        assert application.status == ApplicationStatus.AWAITING_CORRECTION
