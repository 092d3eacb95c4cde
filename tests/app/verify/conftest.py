"""The verify tests' finished licence."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Document
from tests.factories import ready_application


@pytest.fixture
def issued(app) -> dict:
    """A finished application's credit code, name and signed licence."""
    with app.app_context():
        application = ready_application()
        licence = db.session.scalar(select(Document.content).where(
            Document.application_id == application.id, Document.kind == "business_license"))
        return {"uscc": application.uscc, "name": application.company_name, "licence": licence}
