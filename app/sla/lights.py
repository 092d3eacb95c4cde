"""Where an application stands on the clock (stage, due time, pause) and its light (亮灯督办).

The light is stored, so the clerk's queue can order by it: every status change sets it, and
`refresh_lights` (Celery beat, every minute) keeps it following the clock when nothing happens —
in one UPDATE over every open application, comparing the moment with the due time and the
yellow moment stored beside it (app.sla.turns). Both are stored wherever a stage's clock is set
(`stamp_apply_clock`, `stamp_issue_clock`). While a 补正 pause is open the clock is stopped, so
the light is the one it showed when the pause began: `current_light` reads the clock there, the
status change that opened the pause stored it, and the refresh leaves it alone until the pause ends
(where the due time and the yellow moment are counted again).
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Update, and_, bindparam, case, func, or_, select, update

from app.extensions import db
from app.models import Application, ApplicationStatus, Pause
from app.models.types import UTCDateTime, utcnow
from app.sla import centre
from app.sla.clock import Pause as PauseSpan
from app.sla.clock import due_at
from app.sla.clock import light as light_for
from app.sla.turns import yellow_at
from app.timefmt import SHANGHAI, iso


def pauses_of(application: Application) -> list[Pause]:
    return list(db.session.scalars(select(Pause).where(Pause.application_id == application.id)
                                   .order_by(Pause.started_at)))


def stage_of(application: Application) -> str:
    return "issue" if application.ready_at else "apply"


def current_light(application: Application, now: datetime | None = None) -> str:
    """Green under half the commitment, yellow from half, red past due; frozen while a 补正 pause is open
    (the light it had when the pause began) and once handed over."""
    if application.status in ApplicationStatus.STOPPED or application.accepted_at is None:
        return application.light  # stopped, or not accepted yet (awaiting signatures): no clock runs
    now = now or utcnow()
    calendar, hours = centre.calendar(), centre.office_hours()
    if application.ready_at is None:
        pauses = pauses_of(application)
        # An open pause stopped the clock: read it where it stopped (the stored moments ignore open pauses).
        moment = min((p.started_at for p in pauses if p.ended_at is None), default=now)
        spans = [(p.started_at, p.ended_at) for p in pauses]
        return light_for(application.accepted_at, moment, calendar, hours, centre.commitment("apply"), spans)
    end = application.handed_over_at or now
    return light_for(application.ready_at, end, calendar, hours, centre.commitment("issue"))


def sla_view(application: Application) -> dict:
    """The API's `sla` object; `provisional` is true while the due time is counted over a year with no
    official schedule (预计，以当年国务院放假安排为准)."""
    open_pause = next((p for p in pauses_of(application) if p.ended_at is None), None)
    stage = stage_of(application)
    due = application.issue_due_at if stage == "issue" else application.due_at
    return {"stage": stage, "due_at": iso(due), "light": current_light(application),
            "paused": open_pause is not None, "pause_reason": open_pause.reason if open_pause else None,
            "provisional": due_provisional(application)}


def due_provisional(application: Application) -> bool:
    """True if the current stage's due time is an estimate: see is_provisional."""
    if stage_of(application) == "issue":
        return is_provisional(application.ready_at, application.issue_due_at)
    return is_provisional(application.accepted_at, application.due_at)


def is_provisional(start: datetime | None, due: datetime | None) -> bool:
    """True if a due time falls in, or is counted over, a year whose official schedule is not known."""
    if due is None:
        return False
    first = (start or due).astimezone(SHANGHAI).date()
    return centre.calendar().is_provisional(first, due.astimezone(SHANGHAI).date())


def stamp_apply_clock(application: Application, start: datetime, pauses: Iterable[PauseSpan] = ()) -> None:
    """Store the apply stage's due time and yellow moment from `start`, both pushed back by the closed
    pauses (an open one counts for neither: while it lasts the light is read at its start)."""
    calendar, hours, commitment = centre.calendar(), centre.office_hours(), centre.commitment("apply")
    pauses = list(pauses)
    application.due_at = due_at(start, calendar, hours, commitment, pauses)
    application.yellow_at = yellow_at(start, calendar, hours, commitment, pauses)


def stamp_issue_clock(application: Application, ready: datetime) -> None:
    """Store the issue stage's due time and yellow moment, counted from `ready` (待发放)."""
    calendar, hours, commitment = centre.calendar(), centre.office_hours(), centre.commitment("issue")
    application.issue_due_at = due_at(ready, calendar, hours, commitment)
    application.issue_yellow_at = yellow_at(ready, calendar, hours, commitment)


def _turned(moment, yellow, due):
    return case((moment > due, "red"), (moment >= yellow, "yellow"), else_="green")


def lights_statement(now: datetime) -> Update:
    """The one UPDATE: every open, accepted application whose stored light is not the clock's light.

    Apply stage: the light at now, from the stored moments; an application with an open 补正 pause
    is left as it is (its clock stopped: the status change that opened the pause stored the light
    it had then, which is what `current_light` reads). Issue stage: the light at now, or at the
    hand-over. Rows whose stage has no yellow moment stored are left alone rather than turned green.
    No correlated subquery: the open pauses are one set the database hashes once."""
    at = bindparam("now", now, type_=UTCDateTime)
    open_pauses = select(Pause.application_id).where(Pause.ended_at.is_(None))
    applying = Application.ready_at.is_(None)
    light = case(
        (applying, _turned(at, Application.yellow_at, Application.due_at)),
        else_=_turned(func.coalesce(Application.handed_over_at, at), Application.issue_yellow_at,
                      Application.issue_due_at))
    return (update(Application)
            .where(Application.status.in_(ApplicationStatus.OPEN), Application.accepted_at.is_not(None),
                   or_(and_(applying, Application.yellow_at.is_not(None), Application.due_at.is_not(None),
                            Application.id.not_in(open_pauses)),
                       and_(~applying, Application.issue_yellow_at.is_not(None),
                            Application.issue_due_at.is_not(None))),
                   Application.light != light)
            # A plain UPDATE: the light is derived, and updated_at should keep meaning "the applicant's data".
            .values(light=light, updated_at=Application.updated_at)
            .execution_options(synchronize_session=False))


def refresh_lights(now: datetime | None = None) -> int:
    """Store the current light of every open application in one statement; returns how many changed.

    A batch job, not an operation: it commits (one short transaction)."""
    changed = db.session.execute(lights_statement(now or utcnow())).rowcount
    db.session.commit()
    return changed
