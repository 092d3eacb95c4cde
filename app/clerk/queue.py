"""The queue: every open application, red first, then by due time (亮灯督办); or, chosen, those awaiting
signatures (待签名); a search, or a settled state chosen, finds any application, newest first."""

from datetime import date

from flask import render_template, request

from app.applications.queue import SETTLED, Cursor, QueueFilters, queue_page, reaches_past_open
from app.clerk import bp
from app.desk.queries import open_report_counts
from app.extensions import db
from app.models import ApplicationStatus, Role
from app.pipeline.plan import PUBLIC_STEPS
from app.signing.awaiting import awaiting_page
from app.signing.lifecycle import deadline_words
from app.timefmt import local
from app.vocabulary import (
    ENTITY_TYPE_LABELS,
    LIGHT_LABELS,
    LIGHT_SHORT_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATUS_LABELS,
)
from app.web.guards import role_required


def _date(value: str | None) -> date | None:
    """A filter date, or None when it is not one a person could mean (the filter is dropped)."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is None or date(2000, 1, 1) <= day <= date(2100, 12, 31) else None


def filters_from(args) -> QueueFilters:
    status = args.get("status", "")
    light = args.get("light", "")
    entity_type = args.get("entity_type", "")
    return QueueFilters(
        status=status if status in ApplicationStatus.ALL else "",
        light=light if light in LIGHT_LABELS else "",
        entity_type=entity_type if entity_type in ENTITY_TYPE_LABELS else "",
        submitted_from=_date(args.get("from")), submitted_to=_date(args.get("to")),
        search=args.get("q", "").strip()[:100],
    )


@bp.get("/")
@role_required(*Role.WINDOW)
def queue():
    filters = filters_from(request.args)
    # 待签名 is not one of the open states (the clock has not started): a list of its own, oldest first.
    listed = awaiting_page if filters.status == ApplicationStatus.AWAITING_SIGNATURES else queue_page
    page = listed(db.session.connection(), filters, Cursor.decode(request.args.get("after")))
    first_args = {k: v for k, v in request.args.items() if k != "after"}
    next_args = first_args | {"after": page.next_cursor}
    return render_template(
        "clerk/queue.html", page=page, filters=filters, next_args=next_args if page.next_cursor else None,
        first_page=not request.args.get("after"), first_args=first_args, report_counts=open_report_counts([r["id"] for r in page.rows]),
        public_steps=PUBLIC_STEPS, local=local, deadline_words=deadline_words,
        labels={"status": STATUS_LABELS, "step": STEP_LABELS, "step_status": STEP_STATUS_LABELS,
                "light": LIGHT_SHORT_LABELS, "light_long": LIGHT_LABELS, "entity": ENTITY_TYPE_LABELS},
        open_statuses=ApplicationStatus.OPEN, unaccepted_statuses=ApplicationStatus.UNACCEPTED,
        handed_over_statuses=ApplicationStatus.HANDED_OVER, stopped_statuses=ApplicationStatus.STOPPED,
        settled_statuses=SETTLED, past_open=reaches_past_open(filters),
    )
