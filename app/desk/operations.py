"""The writes of the 办不成事 desk and of 好差评. Nothing here commits: the request does, once.

What the desk will not take raises `Refusal`: 422 for what the person can fix and send again,
409 for what sending again cannot change (answered already, rated already, not yet rateable).
"""

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.applications.operations import record
from app.audit.operations import Actor, actor_name
from app.desk.queries import can_rate, rating_of
from app.extensions import db
from app.models import Application, CannotGetDoneReport, Rating
from app.models.types import utcnow
from app.refusal import Refusal

REPORT_MAX_CHARS = 1000
ANSWER_MAX_CHARS = 2000
COMMENT_MAX_CHARS = 500
SCORES = range(1, 6)


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def report_cannot_get_done(application: Application, body: str) -> CannotGetDoneReport:
    """File an applicant's 办不成事 report (checked: not empty, not too long)."""
    text = clean_text(body)
    if not text:
        raise Refusal(_("请写明哪件事办不成，例如：哪个环节、遇到了什么问题"))
    if len(text) > REPORT_MAX_CHARS:
        raise Refusal(_("内容请控制在%(n)d字以内", n=REPORT_MAX_CHARS))
    report = CannotGetDoneReport(application_id=application.id, body=text, created_at=utcnow())
    db.session.add(report)
    record(application, "applicant", "cannot_get_done_reported", text[:200])
    return report


def answer_report(report: CannotGetDoneReport, answer: str, supervisor: Actor) -> None:
    """A supervisor's answer, which closes the report; answered once. `answered_by` keeps the name the
    applicant reads; the audit event names the supervisor by user id."""
    text = clean_text(answer)
    if not report.is_open:
        raise Refusal(_("这条反映已经答复过了"), 409)
    if not text:
        raise Refusal(_("请填写答复内容"))
    if len(text) > ANSWER_MAX_CHARS:
        raise Refusal(_("答复请控制在%(n)d字以内", n=ANSWER_MAX_CHARS))
    report.answer, report.answered_by, report.answered_at = text, actor_name(supervisor), utcnow()
    application = db.session.get(Application, report.application_id)
    record(application, supervisor, "cannot_get_done_answered", text[:200])


def parse_score(value: str | int | None) -> int:
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        score = None
    if score not in SCORES:
        raise Refusal(_("请选择1到5分"))
    return score


def already_rated() -> Refusal:
    return Refusal(_("您已经评价过了，感谢您的反馈。每件申请只能评价一次。"), 409)


def rate(application: Application, score: str | int | None, comment: str | None) -> Rating:
    """Store the one 好差评 of an application; a second one is refused (409), even when two race."""
    if not can_rate(application):
        raise Refusal(_("证照发放后才能评价，请届时再来。"), 409)
    if rating_of(application) is not None:
        raise already_rated()
    value = parse_score(score)
    text = clean_text(comment)
    if len(text) > COMMENT_MAX_CHARS:
        raise Refusal(_("评价内容请控制在%(n)d字以内", n=COMMENT_MAX_CHARS))
    rating = Rating(application_id=application.id, score=value, comment=text or None, created_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(rating)
    except IntegrityError:  # a concurrent twin got in first; the unique key decides
        raise already_rated() from None
    record(application, "applicant", "rated", f"{value}")
    return rating
