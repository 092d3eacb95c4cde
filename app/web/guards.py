"""Who may open a staff page: signed in, and with one of the page's roles."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(*roles: str) -> Callable:
    """Signed in, and with one of `roles`; anyone else gets 403 (or the sign-in page)."""
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate
