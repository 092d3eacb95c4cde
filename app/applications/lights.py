"""亮灯督办: recompute and store the light of open applications (the queue orders by the stored column)."""

from datetime import datetime

from sqlalchemy import select, update

from app.applications.clock import current_light
from app.extensions import db
from app.models import Application, ApplicationStatus
from app.models.types import utcnow

BATCH = 500


def refresh_lights(now: datetime | None = None) -> int:
    """Store the current light of every open application; returns how many changed. Commits per batch."""
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
                db.session.execute(update(Application).where(Application.id.in_(ids)).values(light=light, updated_at=Application.updated_at)
                                   .execution_options(synchronize_session=False))
        db.session.commit()
        changed += len(updates)
