"""工作人员: a supervisor sees every staff account (locked ones flagged, with the recent sign-ins
and failures) and unlocks an account that too many failed attempts locked."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.clerk import bp
from app.clerk.words import actor_in_words
from app.extensions import db
from app.models import Role, User
from app.staff import operations
from app.staff.queries import accounts, recent_sign_in_events
from app.vocabulary import AUDIT_ACTION_LABELS
from app.web.guards import role_required

ROLE_LABELS = {Role.CLERK: _l("窗口人员"), Role.SUPERVISOR: _l("值班负责人"), Role.COURIER: _l("揽收人员")}


@bp.get("/staff")
@role_required(Role.SUPERVISOR)
def staff():
    return render_template("clerk/staff.html", accounts=accounts(), events=recent_sign_in_events(),
                           role_labels=ROLE_LABELS, event_labels=AUDIT_ACTION_LABELS,
                           actor_words=actor_in_words)


@bp.post("/staff/<int:user_id>/unlock")
@role_required(Role.SUPERVISOR)
def unlock_account(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    operations.unlock(user, current_user)
    db.session.commit()
    flash(_("已解锁 %(name)s，该账户可以重新登录", name=user.display_name))
    return redirect(url_for("clerk.staff"), code=303)
