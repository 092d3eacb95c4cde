"""The life of an application nobody has finished signing: reminders before the deadline, withdrawal
when it passes, and a party's link sent again when they ask for it.

A link's token lives only in the text that carried it (the row keeps its digest), so a reminder or
a resend cannot repeat the old link: it mints a fresh token, replaces the digest (the old link no
longer opens) and texts the new link. The deadline does not move: every party's link still expires
at the `expires_at` set at filing (`codes.link_expires_at`).

Each text has an outbox key (`signing-reminder:<number>:<position>`, `signing-expired:…`,
`signing-resend:<number>:<position>:<minute window>`), so whatever runs twice sends once. Minting
happens only under the application's row lock and only when no text is there under the key yet, and
the token replaced is the one in the text actually stored: a second run never kills the link the
first one sent. None of these commits; `app.signing.tasks` commits once per application.
"""

import hmac
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import String, and_, case, cast, exists, or_, select

from app.applications.operations import change_status, hold_row, record
from app.extensions import db
from app.messages.operations import RESEND_WINDOW_SECONDS, queue_sms
from app.messages.queries import application_by_number, message_by_key
from app.models import Application, ApplicationStatus, OutboxMessage, Signature, SignatureStatus
from app.models.types import utcnow
from app.privacy import decrypt_value, normalise_phone
from app.signing import codes, texts
from app.signing.delivery import round_suffix
from app.signing.parties import mask_name
from app.signing.queries import signatures_of
from app.timefmt import SHANGHAI
from app.urls import public_url

SYSTEM = "system"
EXPIRED = "signing_expired"  # the audit action of a withdrawal at the deadline (app.signing.reasons reads it)
REMINDER_PREFIX = "signing-reminder:"
LinkText = Callable[[str, str, str, str], str]  # (number, company name, deadline, link) → the SMS


def reminder_key(number: str, position: int, signing_round: int | None = 1) -> str:
    """Once per party and round (a correction's new round gets its own reminder)."""
    return f"{REMINDER_PREFIX}{number}:{position}{round_suffix(signing_round)}"


def expired_key(number: str, position: int) -> str:
    return f"signing-expired:{number}:{position}"


def resend_key(number: str, position: int, now: datetime) -> str:
    """Two requests within RESEND_WINDOW_SECONDS are one text (as for the tracking link)."""
    return f"signing-resend:{number}:{position}:{int(now.timestamp()) // RESEND_WINDOW_SECONDS}"


def deadline_words(expires_at: datetime) -> str:
    """"2026-12-04 24:00" for a link that runs out at midnight after 4 December (Shanghai)."""
    local = expires_at.astimezone(SHANGHAI)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return f"{local - timedelta(days=1):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- which applications (reads)


def _remind_window() -> timedelta | None:
    hours = float(current_app.config["SIGNING_REMIND_HOURS_BEFORE"])
    return timedelta(hours=hours) if hours > 0 else None


def _remindable(now: datetime, window: timedelta):
    """Pending parties of waiting applications whose link runs out within `window`, not reminded yet,
    and not in the middle of signing (a code of theirs is still valid: their page must keep working)."""
    # reminder_key in SQL: the suffix of rounds after the first, as round_suffix writes it.
    suffix = case((Signature.signing_round > 1, ":r" + cast(Signature.signing_round, String)), else_="")
    key = REMINDER_PREFIX + Application.number + ":" + cast(Signature.position, String) + suffix
    return and_(Application.status == ApplicationStatus.AWAITING_SIGNATURES,
                Signature.status == SignatureStatus.PENDING,
                Signature.expires_at > now, Signature.expires_at <= now + window,
                or_(Signature.code_expires_at.is_(None), Signature.code_expires_at <= now),
                ~exists().where(OutboxMessage.idempotency_key == key))


def applications_to_remind(now: datetime) -> list[int]:
    """Ids of the applications with a party to remind now (none when SIGNING_REMIND_HOURS_BEFORE is 0)."""
    window = _remind_window()
    if window is None:
        return []
    return list(db.session.scalars(
        select(Application.id).join(Signature, Signature.application_id == Application.id)
        .where(_remindable(now, window)).distinct().order_by(Application.id)))


def _expired(now: datetime):
    return and_(Application.status == ApplicationStatus.AWAITING_SIGNATURES,
                exists().where(Signature.application_id == Application.id,
                               Signature.status == SignatureStatus.PENDING, Signature.expires_at <= now))


def applications_expired(now: datetime) -> list[int]:
    """Ids of the applications still awaiting signatures whose links have run out."""
    return list(db.session.scalars(select(Application.id).where(_expired(now)).order_by(Application.id)))


# ---------------------------------------------------------------- the row lock


def hold(application_id: int, skip_locked: bool = False) -> Application | None:
    """The application, its row held until the transaction ends and read afresh under the hold; None
    when it is gone or, with `skip_locked` on PostgreSQL, another worker holds it (that one does the work).
    On SQLite the database's write lock serialises the writers: the second waits, then finds it done."""
    if db.session.get_bind().dialect.name == "postgresql":
        held = db.session.scalar(select(Application.id).where(Application.id == application_id)
                                 .with_for_update(skip_locked=skip_locked))
        if held is None:
            return None
    application = db.session.get(Application, application_id)
    if application is None:
        return None
    if db.session.get_bind().dialect.name != "postgresql":
        hold_row(application)
    db.session.refresh(application)
    return application


# ---------------------------------------------------------------- the writes (no commit)


def fresh_link(application: Application, signature: Signature, key: str, sms: LinkText) -> bool:
    """Text the party a new link under `key` (the text: `sms(number, company, deadline, link)`), the old
    link dying with it; False (nothing changed) when a text is already there under the key. Call with
    the application held."""
    if message_by_key(key) is not None:
        return False
    token = codes.new_token()
    text = sms(application.number, application.company_name, deadline_words(signature.expires_at),
               public_url(f"/sign/{token}"))
    message = queue_sms(decrypt_value(signature.phone), text, key, application)
    if token not in decrypt_value(message.body):  # a concurrent sender stored its text first: keep its link
        return False
    signature.token_digest = codes.digest(token)
    return True


def remind_parties(application_id: int, now: datetime | None = None, skip_locked: bool = True) -> list[str]:
    """Text each party of the application who has not signed, and whose link runs out within
    SIGNING_REMIND_HOURS_BEFORE, a reminder with a fresh link; the outbox keys of the reminders sent."""
    now = now or utcnow()
    window = _remind_window()
    application = hold(application_id, skip_locked) if window is not None else None
    if application is None or application.status != ApplicationStatus.AWAITING_SIGNATURES:
        return []
    sent = []
    for signature in signatures_of(application):
        db.session.refresh(signature)
        if (signature.status != SignatureStatus.PENDING or not now < signature.expires_at <= now + window
                or (signature.code_expires_at is not None and signature.code_expires_at > now)):
            continue
        key = reminder_key(application.number, signature.position, signature.signing_round)
        if fresh_link(application, signature, key, texts.reminder_sms):
            record(application, SYSTEM, "signing_reminded", note=str(signature.position))
            sent.append(key)
    return sent


def withdraw_if_expired(application_id: int, now: datetime | None = None, skip_locked: bool = True) -> bool:
    """Withdraw the application if it still awaits signatures and its links have run out: the audit
    note says so, every party is texted, and the contact phone gets the status text (change_status)."""
    now = now or utcnow()
    application = hold(application_id, skip_locked)
    if application is None or application.status != ApplicationStatus.AWAITING_SIGNATURES:
        return False
    signatures = signatures_of(application)
    for signature in signatures:
        db.session.refresh(signature)
    waiting = [s for s in signatures if s.status == SignatureStatus.PENDING]
    if not any(s.expires_at <= now for s in waiting):
        return False
    with force_locale("zh"):
        note = texts.expired_reason("、".join(mask_name(s.name) for s in waiting))
        text = texts.withdrawn_sms(application.number, application.company_name, note)
    change_status(application, ApplicationStatus.WITHDRAWN, SYSTEM, EXPIRED, note=note)
    for signature in waiting:  # a code sent before the deadline opens nothing now
        signature.verification_digest = signature.code_digest = signature.code_expires_at = None
    for signature in signatures:
        queue_sms(decrypt_value(signature.phone), text, expired_key(application.number, signature.position),
                  application)
    return True


def resend_signing_link(number: str, phone: str, now: datetime | None = None) -> list[str]:
    """"Send me my link again": when `phone` is the phone of a party of application `number` who has
    not signed, and the application still waits for them, text that party a fresh link (the old one
    dies). Says nothing either way (the caller answers the same); the outbox keys of the texts queued."""
    now = now or utcnow()
    typed = normalise_phone(phone).encode()
    application = application_by_number(number)
    signatures = signatures_of(application) if application is not None else []
    # Every party's phone is opened and compared, whichever matches, so a match takes the same steps.
    matching = [s for s in signatures if hmac.compare_digest(normalise_phone(decrypt_value(s.phone)).encode(), typed)]
    if application is None or application.status != ApplicationStatus.AWAITING_SIGNATURES or not any(
            s.status == SignatureStatus.PENDING and s.expires_at > now for s in matching):
        return []
    application = hold(application.id)  # waits for a party signing right now: their answer comes first
    if application is None or application.status != ApplicationStatus.AWAITING_SIGNATURES:
        return []
    sent = []
    for signature in matching:
        db.session.refresh(signature)
        if signature.status != SignatureStatus.PENDING or signature.expires_at <= now:
            continue
        if signature.code_expires_at is not None and signature.code_expires_at > now:
            continue  # mid-signing (a code still valid): their open page keeps working, as for reminders
        key = resend_key(application.number, signature.position, now)
        if fresh_link(application, signature, key, texts.resent_link_sms):
            record(application, SYSTEM, "signing_link_resent", note=str(signature.position))
            sent.append(key)
    return sent
