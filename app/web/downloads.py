"""A document of an application as a download, for the API and the tracking page alike; each download
is recorded in the audit trail with who fetched it (the applicant, or the staff member)."""

from flask import Response, abort
from sqlalchemy import select

from app.audit.operations import record_event
from app.extensions import db
from app.models import Document
from app.web.access import Access


def document_download(access: Access, kind: str) -> Response:
    """The stored document `kind` (404 if there is none yet), recorded as downloaded. No commit."""
    application = access.application
    document = db.session.scalar(select(Document).where(Document.application_id == application.id,
                                                        Document.kind == kind))
    if document is None:
        abort(404)
    record_event("document_downloaded", access.actor, application, note=kind)
    extension = "zip" if document.content_type == "application/zip" else "pdf"
    return Response(document.content, mimetype=document.content_type, headers={
        "Content-Disposition": f'inline; filename="{application.number}-{kind}.{extension}"',
        "Cache-Control": "private, no-store",
    })
