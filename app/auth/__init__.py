"""Staff sign-in (clerks, supervisors, couriers); the role check for their pages is app.web.guards."""

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from app.extensions import db, limiter, login_manager
from app.models import Role, User

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.login"
login_manager.login_message = _l("请先登录")

HOME_BY_ROLE = {Role.CLERK: "clerk.queue", Role.SUPERVISOR: "clerk.queue", Role.COURIER: "courier.pickups"}


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请填写用户名"))])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请填写密码"))])


def home_for(user: User) -> str:
    endpoint = HOME_BY_ROLE.get(user.role, "public.index")
    try:
        return url_for(endpoint)
    except Exception:  # that area is not installed in this build
        return url_for("public.index")


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: browsers drop tabs and newlines and read a backslash as a
    slash, so "/\t/evil.com" or "/\\evil.com" would otherwise leave it."""
    if not target or not target.startswith("/") or any(c.isspace() or not c.isprintable() or c == "\\"
                                                       for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and not target.startswith("//") else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        error = _("用户名或密码不正确")
    return render_template("auth/login.html", form=form, error=error)


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("auth.login"))
