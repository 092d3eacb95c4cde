"""Where an application stands on the clock (stage, due time, pause) and its light (亮灯督办).

The light is stored, so the clerk's queue can order by it: every status change sets it, and
`refresh_lights` (Celery beat, every minute) keeps it following the clock when nothing happens.
"""

from datetime import datetime

from sqlalchemy import select, update

from app.extensions import db
from app.models import Application, ApplicationStatus, Pause
from app.models.types import utcnow
from app.sla import centre
from app.sla.clock import light as light_for
from app.timefmt import SHANGHAI, iso

BATCH = 500


def pauses_of(application: Application) -> list[Pause]:
    return list(db.session.scalars(select(Pause).where(Pause.application_id == application.id)
                                   .order_by(Pause.started_at)))


def stage_of(application: Application) -> str:
    return "issue" if application.ready_at else "apply"


def current_light(application: Application, now: datetime | None = None) -> str:
    """Green under half the commitment, yellow from half, red past due; frozen once handed over."""
    if application.status in ApplicationStatus.STOPPED or application.accepted_at is None:
        return application.light  # stopped, or not accepted yet (awaiting signatures): no clock runs
    now = now or utcnow()
    calendar, hours = centre.calendar(), centre.office_hours()
    if application.ready_at is None:
        spans = [(p.started_at, p.ended_at) for p in pauses_of(application)]
        return light_for(application.accepted_at, now, calendar, hours, centre.commitment("apply"), spans)
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


def refresh_lights(now: datetime | None = None) -> int:
    """Store the current light of every open application; returns how many changed.

    A batch job, not an operation: it commits per batch so a long run holds no long transaction.
    """
    now = now or utcnow()
    changed, last_id = 0, 0
    while True:
        batch = db.session.scalars(
            select(Application).where(Application.status.in_(ApplicationStatus.OPEN), Application.id > last_id)
            .order_by(Application.id).limit(BATCH)).all()
        if not batch:
            return changed
        last_id = batch[-1].id
        updates = {a.id: light for a in batch if (light := current_light(a, now)) != a.light}
        for light in ("green", "yellow", "red"):
            ids = [i for i, value in updates.items() if value == light]
            if ids:
                # A plain UPDATE: the light is derived, and updated_at should keep meaning "the applicant's data".
                db.session.execute(update(Application).where(Application.id.in_(ids))
                                   .values(light=light, updated_at=Application.updated_at)
                                   .execution_options(synchronize_session=False))
        db.session.commit()
        changed += len(updates)
