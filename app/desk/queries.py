"""The reads of the 办不成事 desk and of 好差评: an application's reports and rating, the window's lists."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, ApplicationStatus, CannotGetDoneReport, Rating

# 好差评 is asked for once the licence has left the centre.
RATEABLE = ApplicationStatus.HANDED_OVER


def reports_of(application: Application) -> list[CannotGetDoneReport]:
    return list(db.session.scalars(select(CannotGetDoneReport)
                                   .where(CannotGetDoneReport.application_id == application.id)
                                   .order_by(CannotGetDoneReport.created_at, CannotGetDoneReport.id)))


def open_report_counts(application_ids: list[int] | None = None) -> dict[int, int]:
    """application id → number of unanswered 办不成事 reports (only applications that have some).

    Pass the ids on the queue page to keep it one indexed query however big the tables grow.
    """
    query = (select(CannotGetDoneReport.application_id, func.count())
             .where(CannotGetDoneReport.answered_at.is_(None))
             .group_by(CannotGetDoneReport.application_id))
    if application_ids is not None:
        if not application_ids:
            return {}
        query = query.where(CannotGetDoneReport.application_id.in_(application_ids))
    return {application_id: count for application_id, count in db.session.execute(query)}


def open_reports() -> list[tuple[CannotGetDoneReport, Application]]:
    """Every unanswered report with its application, oldest first (the one waiting longest)."""
    rows = db.session.execute(select(CannotGetDoneReport, Application)
                              .join(Application, Application.id == CannotGetDoneReport.application_id)
                              .where(CannotGetDoneReport.answered_at.is_(None))
                              .order_by(CannotGetDoneReport.created_at, CannotGetDoneReport.id))
    return [(report, application) for report, application in rows]


def answered_reports(limit: int = 50) -> list[tuple[CannotGetDoneReport, Application]]:
    rows = db.session.execute(select(CannotGetDoneReport, Application)
                              .join(Application, Application.id == CannotGetDoneReport.application_id)
                              .where(CannotGetDoneReport.answered_at.is_not(None))
                              .order_by(CannotGetDoneReport.answered_at.desc()).limit(limit))
    return [(report, application) for report, application in rows]


def rating_of(application: Application) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.application_id == application.id))


def can_rate(application: Application) -> bool:
    return application.status in RATEABLE


@dataclass
class Aftercare:
    """What the tracking page shows below the steps: the reports with answers, and the rating."""

    reports: list[CannotGetDoneReport]
    rating: Rating | None
    can_rate: bool


def aftercare_of(application: Application) -> Aftercare:
    return Aftercare(reports_of(application), rating_of(application), can_rate(application))
