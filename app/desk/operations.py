"""The writes and reads of the 办不成事 desk and of 好差评; callers commit (once per request)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.applications.operations import record
from app.extensions import db
from app.models import Application, ApplicationStatus, CannotGetDoneReport, Rating
from app.models.types import utcnow

REPORT_MAX_CHARS = 1000
ANSWER_MAX_CHARS = 2000
COMMENT_MAX_CHARS = 500
SCORES = range(1, 6)
# 好差评 is asked for once the licence has left the centre.
RATEABLE = (ApplicationStatus.ISSUED, ApplicationStatus.SHIPPED, ApplicationStatus.DELIVERED)


MESSAGES = {
    "empty_report": _l("请写明哪件事办不成，例如：哪个环节、遇到了什么问题"),
    "report_too_long": _l("内容请控制在%(n)d字以内", n=REPORT_MAX_CHARS),
    "empty_answer": _l("请填写答复内容"),
    "answer_too_long": _l("答复请控制在%(n)d字以内", n=ANSWER_MAX_CHARS),
    "already_answered": _l("这条反映已经答复过了"),
    "bad_score": _l("请选择1到5分"),
    "comment_too_long": _l("评价内容请控制在%(n)d字以内", n=COMMENT_MAX_CHARS),
    "already_rated": _l("您已经评价过了，感谢您的反馈。每件申请只能评价一次。"),
    "not_yet": _l("证照发放后才能评价，请届时再来。"),
}


class DeskError(Exception):
    """A request the desk refuses: `code` names the problem, `message` says it, `status` for HTTP."""

    status = 422

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


class AlreadyRated(DeskError):
    status = 409


class NotYetRateable(DeskError):
    status = 409


class AlreadyAnswered(DeskError):
    status = 409


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def report_cannot_get_done(application: Application, body: str) -> CannotGetDoneReport:
    """File an applicant's 办不成事 report (checked: not empty, not too long)."""
    text = clean_text(body)
    if not text:
        raise DeskError("empty_report")
    if len(text) > REPORT_MAX_CHARS:
        raise DeskError("report_too_long")
    report = CannotGetDoneReport(application_id=application.id, body=text, created_at=utcnow())
    db.session.add(report)
    record(application, "applicant", "cannot_get_done_reported", text[:200])
    return report


def answer_report(report: CannotGetDoneReport, answer: str, supervisor: str) -> None:
    """A supervisor's answer, which closes the report; answered once."""
    text = clean_text(answer)
    if not report.is_open:
        raise AlreadyAnswered("already_answered")
    if not text:
        raise DeskError("empty_answer")
    if len(text) > ANSWER_MAX_CHARS:
        raise DeskError("answer_too_long")
    report.answer, report.answered_by, report.answered_at = text, supervisor, utcnow()
    application = db.session.get(Application, report.application_id)
    record(application, supervisor, "cannot_get_done_answered", text[:200])


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


def parse_score(value: str | int | None) -> int:
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        raise DeskError("bad_score") from None
    if score not in SCORES:
        raise DeskError("bad_score")
    return score


def rate(application: Application, score: str | int | None, comment: str | None) -> Rating:
    """Store the one 好差评 of an application; a second one is refused (409), even when two race."""
    if not can_rate(application):
        raise NotYetRateable("not_yet")
    if rating_of(application) is not None:
        raise AlreadyRated("already_rated")
    value = parse_score(score)
    text = clean_text(comment)
    if len(text) > COMMENT_MAX_CHARS:
        raise DeskError("comment_too_long")
    rating = Rating(application_id=application.id, score=value, comment=text or None, created_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(rating)
    except IntegrityError:  # a concurrent twin got in first; the unique key decides
        raise AlreadyRated("already_rated") from None
    record(application, "applicant", "rated", f"{value}")
    return rating


@dataclass
class Aftercare:
    """What the tracking page shows below the steps: the reports with answers, and the rating."""

    reports: list[CannotGetDoneReport]
    rating: Rating | None
    can_rate: bool


def aftercare_of(application: Application) -> Aftercare:
    return Aftercare(reports_of(application), rating_of(application), can_rate(application))
