"""The clerk blueprint's one Refusal handler: roll back, then show again the page the request came from.

Each page that can be refused says how it shows a refusal (`shows_refusal`); a refusal from any
other clerk page is flashed on the queue.
"""

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from app.clerk import bp
from app.extensions import db
from app.refusal import Refusal

RefusalPage = Callable[[Refusal], ResponseReturnValue]
PAGES: dict[str, RefusalPage] = {}  # endpoint → how that page shows a refusal


def shows_refusal(endpoint: str, page: RefusalPage) -> None:
    PAGES[f"{bp.name}.{endpoint}"] = page


@bp.errorhandler(Refusal)
def refused(refusal: Refusal):
    """Whatever the clerk posted is kept out of the database; the page it came from says why."""
    db.session.rollback()
    page = PAGES.get(request.endpoint)
    if page is None:
        flash(refusal.message, "error")
        return redirect(url_for("clerk.queue"), code=303)
    return page(refusal)
