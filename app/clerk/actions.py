"""The clerk's decisions on one application: thin views over app.applications.review.

Each is a POST with CSRF and a required note; each leaves an audit event naming the clerk.
Steps are queued after the commit.
"""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.clerk import bp
from app.clerk.detail import application_or_404, render_application
from app.clerk.forms import CorrectionForm, NoteForm, PromiseForm
from app.extensions import db
from app.models import Role
from app.pipeline.operations import commit_and_queue
from app.review import operations as review
from app.review.queries import correctable_fields
from app.web.guards import role_required


def _first_error(form) -> str:
    return next(iter(m for messages in form.errors.values() for m in messages), _("请检查填写内容"))


def _done(number: str, message: str, queue_steps: bool = False):
    if queue_steps:
        commit_and_queue(application_or_404(number))
    else:
        db.session.commit()
    flash(message)
    return redirect(url_for("clerk.application", number=number), code=303)


def _refused(application, error: str, forms: dict | None = None):
    db.session.rollback()
    return render_application(application, error, 422, forms)


@bp.post("/applications/<number>/steps/<step_name>/retry")
@role_required(*Role.WINDOW)
def retry_step(number: str, step_name: str):
    application = application_or_404(number)
    form = NoteForm()
    if not form.validate_on_submit():
        return _refused(application, _first_error(form), {"note": form})
    action = "review_approved" if request.form.get("approve") else "step_retried"
    try:
        review.retry_step(application, step_name, current_user.display_name, form.note.data, action)
    except review.NotAllowed as error:
        return _refused(application, str(error), {"note": form})
    return _done(number, _("已重新提交该环节"), queue_steps=True)


@bp.post("/applications/<number>/correction")
@role_required(*Role.WINDOW)
def request_correction(number: str):
    application = application_or_404(number)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _refused(application, _first_error(form), {"correction": form})
    fields = [{"field": path, "reason": request.form.get(f"reason-{path}", "")}
              for path in request.form.getlist("field") if path in correctable_fields()]
    try:
        review.request_correction(application, fields, current_user.display_name, form.note.data)
    except review.NotAllowed as error:
        return _refused(application, str(error), {"correction": form})
    return _done(number, _("已通知申请人补正，计时已暂停"))


@bp.post("/applications/<number>/promise")
@role_required(*Role.WINDOW)
def accept_on_promise(number: str):
    application = application_or_404(number)
    form = PromiseForm()
    if not form.validate_on_submit():
        return _refused(application, _first_error(form), {"promise": form})
    try:
        review.accept_on_promise(application, form.document.data, form.promised_by.data,
                                 current_user.display_name, form.note.data)
    except review.NotAllowed as error:
        return _refused(application, str(error), {"promise": form})
    return _done(number, _("已容缺受理，申请继续办理"), queue_steps=True)


@bp.post("/applications/<number>/reject")
@role_required(*Role.WINDOW)
def reject(number: str):
    application = application_or_404(number)
    form = NoteForm()
    if not form.validate_on_submit():
        return _refused(application, _first_error(form), {"note": form})
    try:
        review.reject(application, current_user.display_name, form.note.data)
    except review.NotAllowed as error:
        return _refused(application, str(error), {"note": form})
    return _done(number, _("已作不予受理处理"))


@bp.post("/applications/<number>/hand-over")
@role_required(*Role.WINDOW)
def hand_over(number: str):
    application = application_or_404(number)
    form = NoteForm()
    if not form.validate_on_submit():
        return _refused(application, _first_error(form), {"note": form})
    try:
        review.hand_over(application, current_user.display_name, form.note.data)
    except review.NotAllowed as error:
        return _refused(application, str(error), {"note": form})
    return _done(number, _("已窗口发放，发放计时停止"))
