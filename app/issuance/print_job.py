"""The window's print job: every document of an application in one PDF, for one click on Print."""

from sqlalchemy import select

from app.documents.bundle import bundle_pdf
from app.extensions import db
from app.issuance.build import FILE_NAMES
from app.models import Application, Document


def print_pdf(application: Application) -> bytes | None:
    """All stored documents merged in bundle order, or None before they are built.

    Merging rewrites the signed licence, so this copy is for paper only; the signed file is
    the one in the bundle.
    """
    documents = {d.kind: d.content for d in db.session.scalars(
        select(Document).where(Document.application_id == application.id, Document.kind.in_(FILE_NAMES)))}
    if not documents:
        return None
    return bundle_pdf([documents[kind] for kind in FILE_NAMES if kind in documents])
