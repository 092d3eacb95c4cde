"""The window's print job: every document of an application in one PDF, for one click on Print."""

from sqlalchemy import select

from app.documents.bundle import bundle_pdf
from app.extensions import db
from app.issuance.build import bundled_files
from app.models import Application, Document


def print_pdf(application: Application) -> bytes | None:
    """All stored documents merged in bundle order — the same documents the bundle holds for this
    application (the permit notice, the employer notices where it has them) — or None before they
    are built.

    Merging rewrites the signed licence, so this copy is for paper only; the signed file is
    the one in the bundle.
    """
    kinds = list(bundled_files(application))
    documents = {d.kind: d.content for d in db.session.scalars(
        select(Document).where(Document.application_id == application.id, Document.kind.in_(kinds)))}
    if not documents:
        return None
    return bundle_pdf([documents[kind] for kind in kinds if kind in documents])
