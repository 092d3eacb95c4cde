"""The window's print job: all of an application's documents as one PDF (staff only)."""

from flask import Response, abort

from app.clerk import bp
from app.clerk.detail import application_or_404
from app.issuance.print_job import print_pdf
from app.models import Role
from app.web.guards import role_required


@bp.get("/applications/<number>/print.pdf")
@role_required(*Role.WINDOW)
def print_documents(number: str):
    application = application_or_404(number)
    pdf = print_pdf(application)
    if pdf is None:
        abort(404)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{number}-print.pdf"', "Cache-Control": "private, no-store"})
