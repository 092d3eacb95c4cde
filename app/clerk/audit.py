"""员工操作记录: the staff audit (what concerns no application: sign-ins, calendar edits), supervisors only."""

from flask import render_template, request

from app.audit.queries import staff_events
from app.clerk import bp
from app.clerk.words import audit_rows
from app.models import Role
from app.timefmt import local
from app.web.guards import role_required

MAX_PAGE = 100_000  # past any real trail; keeps the offset a small number


@bp.get("/audit")
@role_required(Role.SUPERVISOR)
def staff_audit():
    page = min(request.args.get("page", 1, type=int) or 1, MAX_PAGE)
    trail = staff_events(page)
    return render_template("clerk/audit.html", trail=trail, lines=audit_rows(trail.lines), local=local)
