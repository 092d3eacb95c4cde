"""容缺受理 follow-ups: what the applicant still owes after a clerk accepted on a promise (the
tracking page shows it), and one SMS reminder before the promised date.

The reminder goes from the first opening of the office on the day before the promised date
(REMIND_DAYS_BEFORE) until the date has passed, to the contact phone, once: its outbox key is
`promise-reminder:<number>:<promise id>`, so a sweep that runs twice, or two that race, send one
text, and a process that dies after the commit loses none (the outbox sends it). A promise made
after that moment is not reminded: the clerk has just told the applicant the date in person.
A promise whose application was rejected or withdrawn is not reminded either.

Celery beat runs `remind_promises` (app/queue.py); each promise is one transaction of its own.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from celery import shared_task
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import String, and_, cast, exists, select

from app.applications.operations import record
from app.applications.tokens import tracking_link
from app.extensions import db
from app.messages.operations import queue_sms
from app.messages.queries import contact_of, message_by_key
from app.models import Application, ApplicationStatus, DocumentPromise, OutboxMessage
from app.models.types import utcnow
from app.review.queries import promises_of
from app.sla import centre
from app.timefmt import SHANGHAI, today_in_shanghai

log = logging.getLogger(__name__)

REMIND_DAYS_BEFORE = 1  # the reminder goes the day before the promised date
REMINDER_PREFIX = "promise-reminder:"
REMINDED = "promise_reminded"  # the audit action of a reminder queued
SYSTEM = "system"


@dataclass(frozen=True)
class FollowUp:
    """One promise as the applicant reads it on the tracking page."""

    document: str
    promised_by: date
    fulfilled: bool
    overdue: bool  # the promised date has passed and the document has not come in


def follow_ups_of(application: Application, now: datetime | None = None) -> list[FollowUp]:
    today = today_in_shanghai(now)
    return [FollowUp(p.promised_document, p.promised_by, p.fulfilled_at is not None,
                     p.fulfilled_at is None and p.promised_by < today) for p in promises_of(application)]


# ---------------------------------------------------------------- when (pure)


def reminder_window(promised_by: date, opening: time) -> tuple[datetime, datetime]:
    """[from, until): from the office's first opening REMIND_DAYS_BEFORE days before the date, until
    the end of the promised date (Shanghai)."""
    start = datetime.combine(promised_by - timedelta(days=REMIND_DAYS_BEFORE), opening, SHANGHAI)
    return start, datetime.combine(promised_by + timedelta(days=1), time(), SHANGHAI)


def reminder_due(promised_by: date, accepted_at: datetime, fulfilled: bool, now: datetime, opening: time) -> bool:
    """Whether a promise is to be reminded at `now` (its outbox key decides whether it already was)."""
    start, until = reminder_window(promised_by, opening)
    return not fulfilled and accepted_at < start <= now < until


# ---------------------------------------------------------------- which promises (reads)


def reminder_key(number: str, promise_id: int) -> str:
    return f"{REMINDER_PREFIX}{number}:{promise_id}"


def first_opening() -> time:
    return centre.office_hours().periods[0][0]


def promises_to_remind(now: datetime) -> list[int]:
    """Ids of the open promises due for their reminder now and not reminded yet."""
    today = today_in_shanghai(now)
    key = REMINDER_PREFIX + Application.number + ":" + cast(DocumentPromise.id, String)
    rows = db.session.execute(
        select(DocumentPromise.id, DocumentPromise.promised_by, DocumentPromise.accepted_at)
        .join(Application, Application.id == DocumentPromise.application_id)
        .where(and_(DocumentPromise.fulfilled_at.is_(None), Application.status.not_in(ApplicationStatus.STOPPED),
                    DocumentPromise.promised_by.between(today, today + timedelta(days=REMIND_DAYS_BEFORE)),
                    ~exists().where(OutboxMessage.idempotency_key == key)))
        .order_by(DocumentPromise.id)).all()
    opening = first_opening()
    return [promise_id for promise_id, promised_by, accepted_at in rows
            if reminder_due(promised_by, accepted_at, False, now, opening)]


# ---------------------------------------------------------------- the reminder (write, no commit)


def reminder_sms(number: str, document: str, promised_by: date, link: str) -> str:
    with force_locale("zh"):
        return _("【企业开办】提醒：申请%(number)s容缺受理时，您承诺%(date)s前补交“%(document)s”，"
                 "请在办公时间（%(hours)s）送至%(centre)s。查看：%(link)s",
                 number=number, date=f"{promised_by:%Y-%m-%d}", document=document,
                 hours=str(centre.office_hours()),
                 centre=current_app.config["CENTRE_NAME"], link=link)


def remind(promise_id: int, now: datetime | None = None) -> str | None:
    """Queue the reminder of one promise if it is due and not sent yet; its outbox key, or None."""
    now = now or utcnow()
    promise = db.session.get(DocumentPromise, promise_id)
    application = db.session.get(Application, promise.application_id) if promise is not None else None
    if application is None or application.status in ApplicationStatus.STOPPED or not reminder_due(
            promise.promised_by, promise.accepted_at, promise.fulfilled_at is not None, now, first_opening()):
        return None
    key = reminder_key(application.number, promise.id)
    phone = contact_of(application)[0]
    if not phone or message_by_key(key) is not None:
        return None
    link = tracking_link(application, current_app.config["SECRET_KEY"])
    queue_sms(phone, reminder_sms(application.number, promise.promised_document, promise.promised_by, link),
              key, application)
    record(application, SYSTEM, REMINDED, note=f"{promise.promised_document}（{promise.promised_by.isoformat()}）")
    return key


# ---------------------------------------------------------------- the beat task


def sweep(now: datetime | None = None) -> list[str]:
    """Remind every promise due now, each in a transaction of its own; the outbox keys queued."""
    now = now or utcnow()
    sent = []
    for promise_id in promises_to_remind(now):
        try:
            key = remind(promise_id, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("容缺 reminder of promise %s failed; the next run tries again", promise_id)
            continue
        if key:
            sent.append(key)
    db.session.commit()  # end the last read
    return sent


@shared_task(name="review.remind_promises", ignore_result=True)
def remind_promises() -> None:
    """Celery beat: `sweep` now."""
    sent = sweep()
    if sent:
        log.info("容缺: %d reminders queued", len(sent))
