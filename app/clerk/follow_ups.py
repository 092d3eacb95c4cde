"""容缺受理 follow-ups as the window sees them: which promises are past their date with the document
still missing, so the clerk chases it (the applicant's reminder is app.review.follow_ups)."""

from datetime import date

from sqlalchemy import select

from app.applications.queue import promise_overdue
from app.extensions import db
from app.models import Application, DocumentPromise
from app.timefmt import today_in_shanghai


def overdue_promise_ids(application: Application, today: date | None = None) -> set[int]:
    """The ids of the application's promises overdue `today` — the queue's rule (promise_overdue), one query."""
    return set(db.session.scalars(select(DocumentPromise.id).where(
        DocumentPromise.application_id == application.id, promise_overdue(today or today_in_shanghai()))))
