"""The life of an unsigned application (issue 9, point 5): a reminder with a fresh link before the
deadline, withdrawal when it passes, on a clock the test moves (`now=`), on SQLite, with the texts
sent to the sandbox's SMS gateway over HTTP."""

import re
import threading
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.applications.tokens import application_token
from app.extensions import db
from app.messages.queries import application_by_number, message_by_key, messages_for
from app.models import ApplicationStatus, AuditEvent, OutboxMessage, Signature, SignatureStatus
from app.models.types import utcnow
from app.privacy import decrypt_value
from app.signing import lifecycle
from app.signing import operations as signing
from app.signing.parties import signers_of
from app.signing.queries import signature_for_token, signatures_of
from app.signing.tasks import sweep
from app.timefmt import SHANGHAI
from tests.app.signing.test_signing_flow import LI, ZHANG, llc_payload, sign, verify
from tests.factories import (
    deliver_outbox,
    filed_application,
    sandbox_sms,
    signing_code,
    signing_token,
    track_client,
)

SIGN_LINK = r"/sign/([A-Za-z0-9_\-]+)"


def unsigned(payload) -> str:
    """File `payload` awaiting its signatures; its number."""
    return filed_application(payload, signed=False).number


def sign_as(application, position: int) -> None:
    """The position-th party signs, the real way (their SMS link, identity check, code)."""
    signature = signature_for_token(signing_token(application, position))
    verified = signing.verify_party(signature, signers_of(application.form)[position - 1].id_number)
    db.session.commit()
    signing.decide(signature, verified.verification, signing_code(application, signature), signing.SIGN)
    db.session.commit()


def deadline_of(number: str):
    application = application_by_number(number)
    return signatures_of(application)[0].expires_at


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def text_of(key: str) -> str:
    return decrypt_value(message_by_key(key).body)


def test_a_party_who_has_not_signed_is_reminded_once_with_a_fresh_link_and_the_old_one_dies(app, client, sandbox):
    payload, zhang, li = llc_payload()
    with app.app_context():
        number = unsigned(payload)
        application = application_by_number(number)
        old_li = signing_token(application, 2)
        sign_as(application, 1)  # 张三 signed; 李四 has not
        deadline = deadline_of(number)
        assert all(s.expires_at == deadline for s in signatures_of(application))  # one deadline for all

        early = sweep(now=deadline - timedelta(hours=app.config["SIGNING_REMIND_HOURS_BEFORE"] + 1))
        assert early.reminded == [] and early.withdrawn == []

        now = deadline - timedelta(hours=2)
        swept = sweep(now=now)
        assert swept.reminded == [f"signing-reminder:{number}:2"] and swept.withdrawn == []
        text = text_of(f"signing-reminder:{number}:2")
        assert "提醒" in text and number in text and "24:00前有效" in text
        new_li = re.search(SIGN_LINK, text).group(1)
        assert text.split("请用新链接签署：")[1] == app.config["PUBLIC_BASE_URL"] + "/sign/" + new_li
        assert new_li != old_li

        # Run again (a second beat, a retried task): nothing more is sent, the link stays the one texted.
        before = outbox_count()
        assert sweep(now=now + timedelta(minutes=1)).reminded == []
        assert outbox_count() == before
        assert message_by_key(f"signing-reminder:{number}:1") is None  # the party who signed is left alone
        assert [e.note for e in db.session.scalars(select(AuditEvent).where(
            AuditEvent.application_id == application.id, AuditEvent.action == "signing_reminded"))] == ["2"]

    # The reminder reaches the gateway; the old link no longer opens, the new one does, and signs.
    deliver_outbox(app)
    assert sandbox_sms(sandbox.url, li, rf"提醒.*申请{number}.*?{SIGN_LINK}") == new_li
    assert client.get(f"/api/v1/signing/{old_li}").status_code == 404
    assert client.get(f"/api/v1/signing/{new_li}").get_json()["status"] == "pending"
    verification, code = verify(client, app, sandbox, new_li, li, LI)
    assert sign(client, new_li, verification, code).get_json()["status"] == "signed"
    with app.app_context():
        assert application_by_number(number).status == ApplicationStatus.SUBMITTED  # 受理


def test_no_reminder_when_the_setting_is_zero_nor_while_the_party_is_signing(app, client, sandbox):
    payload, zhang, _li = llc_payload()
    with app.app_context():
        number = unsigned(payload)
        app.config["SIGNING_REMIND_HOURS_BEFORE"] = 0
        assert sweep(now=deadline_of(number) - timedelta(hours=1)).reminded == []
        app.config["SIGNING_REMIND_HOURS_BEFORE"] = 24 * 30  # the whole life of the links: remind now
        token = signing_token(application_by_number(number), 1)
    verify(client, app, sandbox, token, zhang, ZHANG)  # a code is on its way: the page must keep working
    with app.app_context():
        assert sweep(now=utcnow()).reminded == [f"signing-reminder:{number}:2"]
        assert signature_for_token(token) is not None  # 张三's link still opens
        code_until = signatures_of(application_by_number(number))[0].code_expires_at
        assert sweep(now=code_until + timedelta(seconds=1)).reminded == [f"signing-reminder:{number}:1"]
        assert signature_for_token(token) is None  # now it has been replaced


def test_at_the_deadline_it_is_withdrawn_once_and_everyone_is_told(app, client, sandbox):
    payload, zhang, li = llc_payload()
    contact = payload["contact"]["phone"]
    with app.app_context():
        number = unsigned(payload)
        application = application_by_number(number)
        sign_as(application, 1)
        deadline = deadline_of(number)
        assert sweep(now=deadline - timedelta(seconds=1)).withdrawn == []  # not yet
        assert application_by_number(number).status == ApplicationStatus.AWAITING_SIGNATURES

        swept = sweep(now=deadline)
        assert swept.withdrawn == [application.id]
        db.session.expire_all()
        application = application_by_number(number)
        assert application.status == ApplicationStatus.WITHDRAWN and application.accepted_at is None
        assert "签署期限已过" in application.status_note and "李*" in application.status_note
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.application_id == application.id,
                                                              AuditEvent.action == "signing_expired"))
        assert (event.from_status, event.to_status, event.actor) == ("awaiting_signatures", "withdrawn", "system")
        for position in (1, 2):  # everyone on it, the one who signed too
            assert "已撤回" in text_of(f"signing-expired:{number}:{position}")
        keys = [m.idempotency_key for m in messages_for(application)]
        assert any(k.startswith(f"status:{number}:withdrawn:") and k.endswith(":sms") for k in keys)

        before = outbox_count()
        again = sweep(now=deadline + timedelta(days=3))
        assert again.withdrawn == [] and outbox_count() == before  # idempotent
        assert all(s.status != SignatureStatus.SIGNED or s.position == 1 for s in signatures_of(application))
        assert all(step.queued_at is None for step in application.steps)  # never filed

    deliver_outbox(app)
    for phone in (zhang, li):
        told = sandbox_sms(sandbox.url, phone, rf"(申请{number}.*已撤回.*)")
        assert "签署期限已过" in told and "李*" in told and "李四" not in told
    assert "/track/" + number in sandbox_sms(sandbox.url, contact, rf"(申请{number}已撤回.*)")
    shown = client.get(f"/api/v1/signing/{signing_token_of(app, number, 2)}")
    assert shown.status_code == 404  # the link ran out with the deadline


def signing_token_of(app, number: str, position: int) -> str:
    with app.app_context():
        return signing_token(application_by_number(number), position)


def test_a_party_signing_too_late_is_refused_after_the_withdrawal(app, client, sandbox):
    payload, zhang, _li = llc_payload()
    with app.app_context():
        number = unsigned(payload)
        token = signing_token(application_by_number(number), 1)
    verification, code = verify(client, app, sandbox, token, zhang, ZHANG)
    with app.app_context():
        assert sweep(now=deadline_of(number)).withdrawn
    assert sign(client, token, verification, code).status_code in (404, 409)
    with app.app_context():
        [signature] = [s for s in signatures_of(application_by_number(number)) if s.position == 1]
        assert signature.status == SignatureStatus.PENDING and signature.code_digest is None


def test_two_workers_at_once_withdraw_once_and_text_once(app):
    payloads = [llc_payload()[0] for _ in range(3)]
    with app.app_context():
        numbers = [unsigned(p) for p in payloads]
        deadline = max(deadline_of(n) for n in numbers)
        before = outbox_count()
    results, errors = [], []
    start = threading.Barrier(2)

    def worker():
        try:
            with app.app_context():
                start.wait()
                results.append(sweep(now=deadline))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    withdrawn = sorted(i for r in results for i in r.withdrawn)
    with app.app_context():
        ids = sorted(application_by_number(n).id for n in numbers)
        assert withdrawn == ids  # each application by exactly one of the two
        for number in numbers:
            application = application_by_number(number)
            events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.application_id == application.id, AuditEvent.to_status == "withdrawn"))
            assert application.status == ApplicationStatus.WITHDRAWN and events == 1
        # two texts per application to its parties, one (SMS) + one (e-mail) to its contact
        assert outbox_count() - before == 3 * (2 + 2)


def test_the_beat_runs_it(app):
    celery = app.extensions["celery"]
    assert celery.conf.beat_schedule["signing-deadlines"] == {
        "task": "signing.sweep", "schedule": app.config["SIGNING_SWEEP_SECONDS"]}
    celery.loader.import_default_modules()  # what a worker does at start: `include`
    assert "signing.sweep" in celery.tasks
    with app.app_context():
        number = unsigned(llc_payload()[0])
        for signature in db.session.scalars(select(Signature)):
            signature.expires_at = signature.created_at  # the deadline has passed
        db.session.commit()
        celery.tasks["signing.sweep"].run()
        assert application_by_number(number).status == ApplicationStatus.WITHDRAWN


def test_the_deadline_in_words():
    assert lifecycle.deadline_words(datetime(2026, 12, 5, tzinfo=SHANGHAI)) == "2026-12-04 24:00"
    assert lifecycle.deadline_words(datetime(2026, 12, 5, 17, 30, tzinfo=SHANGHAI)) == "2026-12-05 17:30"


def test_the_tracking_page_shows_who_signed_and_who_is_awaited_then_why_it_was_withdrawn(app, client):
    payload, _zhang, _li = llc_payload(representative="张三丰", shareholder="李四光")
    with app.app_context():
        number = unsigned(payload)
        application = application_by_number(number)
        sign_as(application, 1)
        token = application_token(application, app.config["SECRET_KEY"])
        deadline = deadline_of(number)
    track_client(client, number, token)
    html = client.get(f"/track/{number}").get_data(as_text=True)
    section = html[html.index('id="track-signing"'):html.index('id="track-steps"')]
    assert "张**" in section and "李**" in section and "张三丰" not in html and "李四光" not in html
    assert section.count('data-status="signed"') == 1 and section.count('data-status="pending"') == 1
    assert "已签署" in section and "等待签署" in section and lifecycle.deadline_words(deadline) in section
    assert 'id="track-status-reason" role="status" hidden' in html
    with app.app_context():
        assert sweep(now=deadline).withdrawn
    html = client.get(f"/track/{number}").get_data(as_text=True)
    assert 'id="track-signing"' not in html  # nobody is awaited any more
    reason = html[html.index('id="track-status-reason"'):]
    assert "签署期限已过，李**未签署" in reason[:400] and " hidden" not in reason[:60]
    english = client.get(f"/track/{number}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The signing deadline passed without the signature of 李**" in english
