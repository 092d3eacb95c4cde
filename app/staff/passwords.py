"""The password policy for every password set, and a password check that costs the same whether
or not the account exists."""

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from app.models import User

MAX_LENGTH = 128  # longer is refused when set, and never hashed at sign-in
MIN_SCORE = 3  # zxcvbn's 0–4: 3 is "safely unguessable" against an online attack slowed by hashing


def password_problem(password: str, *personal: str) -> str | None:
    """What is wrong with `password` as a new staff password, in plain Chinese, or None.
    `personal` (user name, display name) counts as guessable."""
    shortest = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < shortest:
        return _("密码至少需要%(n)d个字符", n=shortest)
    if len(password) > MAX_LENGTH:
        return _("密码最长%(n)d个字符", n=MAX_LENGTH)
    if zxcvbn(password, user_inputs=[word for word in personal if word])["score"] < MIN_SCORE:
        return _("密码过于常见或容易猜到，请换一个更长、更少见的密码（例如几个不相关的词加数字）")
    return None


@cache
def dummy_hash() -> str:
    """A hash made the way every account's is, of a password nobody knows."""
    return generate_password_hash(secrets.token_urlsafe(32))


def password_matches(user: User | None, password: str) -> bool:
    """Hash `password` once whatever happens: against the account's hash, or against a dummy hash
    for a name that is no account, so the answer takes as long either way."""
    if len(password) > MAX_LENGTH:
        password = password[:MAX_LENGTH]
        check_password_hash(dummy_hash(), password)
        return False
    if user is None:
        check_password_hash(dummy_hash(), password)
        return False
    return user.check_password(password)
