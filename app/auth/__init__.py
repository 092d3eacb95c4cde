"""Staff sign-in (clerks, supervisors, couriers); the role check for their pages is app.web.guards.

The Flask session carries only the token of a server-side staff session (app.staff.sessions):
`login_manager.id_attribute` gives it at sign-in and `load_user` (the user loader) finds the
account by it, refusing a session that was ended, has been idle or is too old. No "remember me".
"""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.extensions import db, limiter, login_manager
from app.models import Role, User
from app.staff import operations
from app.staff.sessions import session_user

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.login"
login_manager.login_message = _l("请先登录")
login_manager.id_attribute = "get_session_id"  # the session's token, never the account's id

HOME_BY_ROLE = {Role.CLERK: "clerk.queue", Role.SUPERVISOR: "clerk.queue", Role.COURIER: "courier.pickups"}
USERNAME_MAX = 64  # users.username


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请填写用户名")),
                                                   Length(max=USERNAME_MAX, message=_l("用户名最长64个字符"))])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请填写密码"))])


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the account of a live staff session (a refused one is ended)."""
    user = session_user(token)
    if db.session.dirty:  # last_seen_at moved (at most once a minute), or the session just ended
        db.session.commit()
    return user


@bp.before_app_request
def check_staff_session() -> None:
    """Before any view writes: load the staff member, so the loader's commit carries nothing else;
    a session that is no longer good is dropped from the cookie."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    if not current_user.is_authenticated:
        session.clear()


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def login_username_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_USERNAME"]


def typed_username() -> str:
    """The per-account limit's key: the user name as typed (any name, known or not, the same way)."""
    return "login-user:" + (request.form.get("username") or "").strip()[:USERNAME_MAX]


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
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_username_limit, methods=["POST"], key_func=typed_username)
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = operations.sign_in(form.username.data.strip(), form.password.data, request.remote_addr,
                                  replacing=session.get("_user_id"))
        if user is not None:
            session.clear()  # a new CSRF token; nothing of the session before sign-in survives
            login_user(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        db.session.commit()  # the failure counted and recorded
        error = _("用户名或密码不正确")  # the same for a locked, deactivated or unknown account
    return render_template("auth/login.html", form=form, error=error)


@bp.post("/logout")
def logout():
    operations.sign_out(current_user if current_user.is_authenticated else None, session.get("_user_id"),
                        request.remote_addr)
    logout_user()
    session.clear()
    db.session.commit()
    return redirect(url_for("auth.login"))
