"""Issuance: turn a finished application into its documents (stored as Document rows)."""

from flask import current_app

from app.documents.licence import render_licence
from app.documents.model import LicenceFacts
from app.extensions import db
from app.models import Application, Document
from app.timefmt import SHANGHAI
from forms.choices import ENTITY_TYPE_LABELS


def verify_url(uscc: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/verify/{uscc}"


def licence_facts(application: Application) -> LicenceFacts:
    form = application.form
    registered = application.registered_at.astimezone(SHANGHAI).date()
    return LicenceFacts(
        uscc=application.uscc, name=application.company_name,
        entity_type_label=str(ENTITY_TYPE_LABELS[application.entity_type]),
        legal_representative=form["legal_representative"]["name"],
        registered_capital_yuan=form["registered_capital_yuan"], established_on=registered,
        address=form["address"], business_scope=form["business_scope"], authority=application.authority,
        issued_on=registered, verify_url=verify_url(application.uscc),
    )


def store(application: Application, kind: str, content: bytes, content_type: str = "application/pdf") -> None:
    """Insert or replace one document (a step that runs twice leaves one row)."""
    existing = db.session.query(Document).filter_by(application_id=application.id, kind=kind).one_or_none()
    if existing:
        existing.content, existing.content_type = content, content_type
    else:
        db.session.add(Document(application_id=application.id, kind=kind, content=content,
                                content_type=content_type))


def build_documents(application: Application) -> list[str]:
    """Render every document of the bundle; returns their kinds. No commit."""
    store(application, "business_license", render_licence(licence_facts(application)))
    return ["business_license"]
