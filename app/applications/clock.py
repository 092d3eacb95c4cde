"""Where an application stands on the one-working-day clock: stage, due time, light, pause."""

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, Pause
from app.models.types import utcnow
from app.pipeline import sla
from app.sla import light as light_for
from app.timefmt import iso

HANDED_OVER = (ApplicationStatus.ISSUED, ApplicationStatus.SHIPPED, ApplicationStatus.DELIVERED)


def pauses_of(application: Application) -> list[Pause]:
    return list(db.session.scalars(select(Pause).where(Pause.application_id == application.id)
                                   .order_by(Pause.started_at)))


def stage_of(application: Application) -> str:
    return "issue" if application.ready_at else "apply"


def current_light(application: Application, now: datetime | None = None) -> str:
    """Green under half the commitment, yellow from half, red past due; frozen once handed over."""
    if application.status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        return application.light
    now = now or utcnow()
    calendar, hours = sla.calendar(), sla.office_hours()
    if application.ready_at is None:
        spans = [(p.started_at, p.ended_at) for p in pauses_of(application)]
        return light_for(application.submitted_at, now, calendar, hours, sla.commitment("apply"), spans)
    end = application.handed_over_at or now
    return light_for(application.ready_at, end, calendar, hours, sla.commitment("issue"))


def sla_view(application: Application) -> dict:
    open_pause = next((p for p in pauses_of(application) if p.ended_at is None), None)
    stage = stage_of(application)
    due = application.issue_due_at if stage == "issue" else application.due_at
    return {"stage": stage, "due_at": iso(due), "light": current_light(application),
            "paused": open_pause is not None, "pause_reason": open_pause.reason if open_pause else None}
