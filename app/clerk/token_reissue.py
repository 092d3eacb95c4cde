"""作废并重新签发查询链接: a clerk revokes the applicant's token (a link that leaked, a lost phone) and
the new link goes by SMS to the applicant's contact phone; the clerk never sees it."""

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.applications.tokens import reissue_token
from app.clerk.actions import decision
from app.clerk.forms import NoteForm
from app.documents.labels import mask_phone
from app.extensions import db
from app.models import Application


@decision("/applications/<number>/token/reissue", "note")
def reissue_tracking_link(application: Application, form: NoteForm):
    reissue_token(application, current_user._get_current_object(), current_app.config["SECRET_KEY"],
                  note=form.note.data)
    db.session.commit()
    flash(_("原查询链接已作废，新链接已通过短信发送至申请人联系电话 %(phone)s",
            phone=mask_phone(application.form["contact"]["phone"])))
    return redirect(url_for("clerk.application", number=application.number), code=303)
