"""A seal shop's signed-in session: the app's signed session cookie holds the shop's id and when it
signed in, after the key was checked.

Why not a server-side table like the staff sessions: a shop has one key and no password to change,
so the only ways a session must end are sign-out (the cookie is dropped), age (SHOP_SESSION_HOURS)
and revocation — and revocation is a column of the shop's own row, read on every request, so
`flask seal-shops revoke` ends every open session at its next request without a table of sessions
or a migration. The cookie is Flask's: HttpOnly, SameSite=Lax, Secure in production
(SESSION_COOKIE_SECURE), signed with SECRET_KEY; it never holds the key itself.
"""

from datetime import timedelta

from flask import current_app, session

from app.extensions import db
from app.models import SealShop
from app.models.types import utcnow

SESSION_KEY = "seal_shop"


def start(shop: SealShop) -> None:
    """Sign the shop in: a fresh session (a new CSRF token; nothing from before survives)."""
    session.clear()
    session[SESSION_KEY] = {"id": shop.id, "since": int(utcnow().timestamp())}


def end() -> None:
    session.pop(SESSION_KEY, None)


def had_session() -> bool:
    return SESSION_KEY in session


def current_shop() -> SealShop | None:
    """The signed-in shop, or None (and the session entry dropped) when it was revoked or is too old."""
    held = session.get(SESSION_KEY)
    if not isinstance(held, dict) or not isinstance(held.get("id"), int) or not isinstance(held.get("since"), int):
        return None
    age = utcnow().timestamp() - held["since"]
    shop = db.session.get(SealShop, held["id"])
    limit = timedelta(hours=current_app.config["SHOP_SESSION_HOURS"]).total_seconds()
    if shop is None or shop.is_revoked or not 0 <= age <= limit:
        end()
        return None
    return shop
