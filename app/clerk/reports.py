"""The 办不成事 desk at the window: every open report listed; a supervisor answers each one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.clerk import bp
from app.clerk.refusals import shows_refusal
from app.desk import operations as desk
from app.desk.queries import answered_reports, open_reports
from app.extensions import db
from app.models import CannotGetDoneReport, Role
from app.refusal import Refusal
from app.web.guards import role_required


def render_reports(problem: dict | None = None, status: int = 200):
    return render_template("clerk/reports.html", open_reports=open_reports(),
                           answered=answered_reports(), problem=problem,
                           may_answer=current_user.has_role(Role.SUPERVISOR)), status


def answer_refused(refusal: Refusal):
    """The list again, the refused answer beside its report with what the supervisor typed
    (the clerk blueprint's Refusal handler calls this after rolling back)."""
    return render_reports({"report_id": request.view_args["report_id"], "message": refusal.message,
                           "answer": request.form.get("answer", "")}, refusal.status)


@bp.get("/reports")
@role_required(*Role.WINDOW)
def reports():
    return render_reports()


shows_refusal("answer_report", answer_refused)


@bp.post("/reports/<int:report_id>/answer")
@role_required(Role.SUPERVISOR)
def answer_report(report_id: int):
    report = db.session.get(CannotGetDoneReport, report_id)
    if report is None:
        abort(404)
    desk.answer_report(report, request.form.get("answer"), current_user)
    db.session.commit()
    flash(_("已答复，申请人可在进度查询页面看到答复"))
    return redirect(url_for("clerk.reports"), code=303)
