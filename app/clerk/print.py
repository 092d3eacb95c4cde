"""The window's print job: all of an application's documents as one PDF (staff only), each print audited."""

from flask import Response, abort
from flask_login import current_user

from app.audit.operations import record_event
from app.clerk import bp
from app.clerk.detail import application_or_404
from app.extensions import db
from app.issuance.print_job import print_pdf
from app.models import Role
from app.web.guards import role_required

PRINT_JOB = "print_job"  # the audit note: what was printed (the assisted slip is another kind)


@bp.get("/applications/<number>/print.pdf")
@role_required(*Role.WINDOW)
def print_documents(number: str):
    application = application_or_404(number)
    pdf = print_pdf(application)
    if pdf is None:
        abort(404)
    record_event("printed", current_user, application, note=PRINT_JOB)
    db.session.commit()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{number}-print.pdf"', "Cache-Control": "private, no-store"})
