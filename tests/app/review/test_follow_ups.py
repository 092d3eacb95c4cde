"""容缺受理 reminders: one SMS to the contact phone from the office's opening the day before the
promised date, through the outbox under one key (a sweep run twice, or two racing, send one); none
for a promise kept, made after that moment, or on an application rejected or withdrawn."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.messages.queries import application_by_number, message_by_key
from app.models import ApplicationStatus, AuditEvent, DocumentPromise, OutboxMessage
from app.privacy import decrypt_value
from app.review.follow_ups import REMINDED, reminder_due, reminder_key, sweep
from app.timefmt import SHANGHAI
from tests.factories import deliver_outbox, file_for_applicant

PROMISED = date(2026, 12, 10)
OPENING = time(9, 0)
DAY_BEFORE_OPENING = datetime(2026, 12, 9, 9, 0, tzinfo=SHANGHAI)
ACCEPTED = datetime(2026, 12, 3, 10, 0, tzinfo=SHANGHAI)


def test_the_reminder_is_due_from_the_opening_the_day_before_until_the_date_has_passed():
    assert not reminder_due(PROMISED, ACCEPTED, False, DAY_BEFORE_OPENING - timedelta(minutes=1), OPENING)
    assert reminder_due(PROMISED, ACCEPTED, False, DAY_BEFORE_OPENING, OPENING)
    assert reminder_due(PROMISED, ACCEPTED, False, datetime(2026, 12, 10, 23, 59, tzinfo=SHANGHAI), OPENING)
    assert not reminder_due(PROMISED, ACCEPTED, False, datetime(2026, 12, 11, 0, 0, tzinfo=SHANGHAI), OPENING)
    assert not reminder_due(PROMISED, ACCEPTED, True, DAY_BEFORE_OPENING, OPENING)  # already brought
    # Promised after the reminder's moment: the clerk has just said the date to the applicant's face.
    assert not reminder_due(PROMISED, DAY_BEFORE_OPENING + timedelta(hours=1), False,
                            DAY_BEFORE_OPENING + timedelta(hours=2), OPENING)


def promised(app, promised_by: date = PROMISED, accepted_at: datetime = ACCEPTED, **columns) -> tuple[str, int]:
    """An application in processing with one promise; (number, promise id)."""
    number, _ = file_for_applicant(app, status=columns.pop("status", ApplicationStatus.PROCESSING))
    with app.app_context():
        promise = DocumentPromise(application_id=application_by_number(number).id, promised_document="房屋租赁合同原件",
                                  promised_by=promised_by, accepted_by="clerk1", accepted_at=accepted_at, **columns)
        db.session.add(promise)
        db.session.commit()
        return number, promise.id


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_one_text_to_the_contact_phone_however_often_the_sweep_runs(app):
    number, promise_id = promised(app)
    key = reminder_key(number, promise_id)
    with app.app_context():
        assert sweep(DAY_BEFORE_OPENING - timedelta(hours=1)) == []
        assert sweep(DAY_BEFORE_OPENING) == [key]
        before = outbox_count()
        assert sweep(DAY_BEFORE_OPENING + timedelta(hours=1)) == []
        assert outbox_count() == before
        message = message_by_key(key)
        assert decrypt_value(message.recipient) == "13800000000"  # the example's contact phone
        text = decrypt_value(message.body)
        assert "房屋租赁合同原件" in text and "2026-12-10前补交" in text and number in text
        assert app.config["CENTRE_NAME"] in text and f"/track/{number}?t=" in text
        application = application_by_number(number)
        events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.application_id == application.id, AuditEvent.action == REMINDED))
        assert events == 1
    assert deliver_outbox(app) >= 1
    with app.app_context():
        assert message_by_key(key).status == "sent"


def test_two_racing_sweeps_send_one_text(app):
    number, promise_id = promised(app)

    def run(_: int) -> list[str]:
        with app.app_context():
            return sweep(DAY_BEFORE_OPENING)

    with ThreadPoolExecutor(2) as pool:
        sent_by = list(pool.map(run, range(2)))  # an exception in either is raised here
    assert sorted(len(keys) for keys in sent_by) in ([0, 1], [1, 1])
    with app.app_context():
        key = reminder_key(number, promise_id)
        sent = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.idempotency_key == key))
        assert sent == 1


def test_no_reminder_for_a_kept_promise_or_a_stopped_application(app):
    promised(app, fulfilled_at=ACCEPTED + timedelta(days=1))
    promised(app, status=ApplicationStatus.REJECTED)
    promised(app, status=ApplicationStatus.WITHDRAWN)
    with app.app_context():
        assert sweep(DAY_BEFORE_OPENING) == []


def test_a_promise_for_a_later_date_waits(app):
    promised(app, promised_by=PROMISED + timedelta(days=5))
    with app.app_context():
        assert sweep(DAY_BEFORE_OPENING) == []


def test_the_beat_runs_it(app):
    celery = app.extensions["celery"]
    assert celery.conf.beat_schedule["promise-reminders"]["task"] == "review.remind_promises"
    celery.loader.import_default_modules()  # what a worker does at start: `include`
    assert "review.remind_promises" in celery.tasks
    # Due today: inside the reminder's window whatever the hour (it opened yesterday at the opening).
    number, promise_id = promised(app, promised_by=datetime.now(SHANGHAI).date(),
                                  accepted_at=datetime.now(SHANGHAI) - timedelta(days=3))
    with app.app_context():
        celery.tasks["review.remind_promises"].run()
        assert message_by_key(reminder_key(number, promise_id)) is not None
