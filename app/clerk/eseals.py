"""吊销电子印章: the window's action on one electronic seal of an application.

A POST with CSRF and a required reason, for the window's roles (clerk and supervisor, as every
decision on the application page: revocation answers a company's report of a lost or misused key
at the window, and the audit trail names who did it). Couriers are refused by the guard.
"""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.clerk import bp
from app.clerk.detail import application_or_404
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.models import Role
from app.models.eseals import ElectronicSeal
from app.refusal import Refusal
from app.web.guards import role_required


class RevokeSealForm(FlaskForm):
    reason = TextAreaField(_l("吊销原因"), validators=[DataRequired(_l("请填写吊销原因")), Length(max=1000)])


@bp.post("/applications/<number>/eseals/<kind>/revoke")
@role_required(*Role.WINDOW)
def revoke_eseal(number: str, kind: str):
    application = application_or_404(number)
    seal = db.session.scalar(db.select(ElectronicSeal).filter_by(application_id=application.id, kind=kind))
    if seal is None:
        abort(404)
    form = RevokeSealForm()
    back = redirect(url_for("clerk.application", number=application.number), code=303)
    if not form.validate_on_submit():
        flash(next(iter(m for ms in form.errors.values() for m in ms), _("请填写吊销原因")), "error")
        return back
    try:
        revoke_seal(seal, current_user, form.reason.data)
    except Refusal as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return redirect(url_for("clerk.application", number=application.number), code=303)
    db.session.commit()
    flash(_("电子印章已吊销"))
    return back
