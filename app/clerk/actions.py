"""The clerk's decisions on one application: thin views over app.review.operations.

Each is a POST with CSRF and a required note; each leaves an audit event naming the clerk by user id.
Steps are queued after the commit. A decision refused — by its form or by the review — raises
`Refusal`; the clerk blueprint's one handler (app.clerk.refusals) rolls back and shows the page again.
"""

from collections.abc import Callable
from functools import wraps

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.archive import kept_archive
from app.clerk import bp
from app.clerk.detail import PAGE_FORMS, application_or_404, render_application
from app.clerk.forms import CorrectionForm, NoteForm, PromiseForm
from app.clerk.refusals import shows_refusal
from app.extensions import db
from app.models import Application, Role
from app.pipeline.operations import commit_and_queue
from app.refusal import Refusal
from app.review import operations as review
from app.review.queries import correctable_fields
from app.web.guards import role_required


def _first_error(form: FlaskForm) -> str:
    return next(iter(m for messages in form.errors.values() for m in messages), _("请检查填写内容"))


def decision(rule: str, form_name: str) -> Callable:
    """A decision at `rule` (a POST for the window's roles): the view gets the application and its
    posted form (one of PAGE_FORMS), checked; a refusal shows the application page again with it."""
    def register(view: Callable) -> Callable:
        @wraps(view)
        def checked(number: str, **view_args):
            application = application_or_404(number)  # an unknown number is a 404 whatever was posted
            form = PAGE_FORMS[form_name]()
            if not form.validate_on_submit():
                raise Refusal(_first_error(form))
            return view(application, form, **view_args)

        def page_again(refusal: Refusal):
            """The application page with the refusal and this decision's form as posted."""
            return render_application(application_or_404(request.view_args["number"]), refusal.message,
                                      refusal.status, {form_name: PAGE_FORMS[form_name]()})

        shows_refusal(view.__name__, page_again)
        return bp.post(rule)(role_required(*Role.WINDOW)(checked))
    return register


def _done(application: Application, message: str, queue_steps: bool = False):
    if queue_steps:
        commit_and_queue(application)
    else:
        db.session.commit()
    flash(message)
    return redirect(url_for("clerk.application", number=application.number), code=303)


@decision("/applications/<number>/steps/<step_name>/retry", "note")
def retry_step(application: Application, form: NoteForm, step_name: str):
    action = "review_approved" if request.form.get("approve") else "step_retried"
    review.retry_step(application, step_name, current_user, form.note.data, action)
    return _done(application, _("已重新提交该环节"), queue_steps=True)


@decision("/applications/<number>/correction", "correction")
def request_correction(application: Application, form: CorrectionForm):
    fields = [{"field": path, "reason": request.form.get(f"reason-{path}", "")}
              for path in request.form.getlist("field") if path in correctable_fields()]
    review.request_correction(application, fields, current_user, form.note.data)
    return _done(application, _("已通知申请人补正，计时已暂停"))


@decision("/applications/<number>/promise", "promise")
def accept_on_promise(application: Application, form: PromiseForm):
    review.accept_on_promise(application, form.document.data, form.promised_by.data,
                             current_user, form.note.data)
    return _done(application, _("已容缺受理，申请继续办理"), queue_steps=True)


@decision("/applications/<number>/reject", "note")
def reject(application: Application, form: NoteForm):
    review.reject(application, current_user, form.note.data)
    return _done(application, _("已作不予受理处理"))


@decision("/applications/<number>/hand-over", "note")
def hand_over(application: Application, form: NoteForm):
    review.hand_over(application, current_user, form.note.data)
    kept_archive(application)  # 电子档案: what decided it, as it stands at the hand-over
    return _done(application, _("已窗口发放，发放计时停止"))
