"""The runner's decisions about an application that a clerk has already decided on."""

from app.extensions import db
from app.models import ApplicationStatus, AuditEvent
from app.pipeline.runner import flag_for_review
from tests.factories import create_application


def test_a_late_refusal_does_not_undo_a_clerks_decision(app):
    with app.app_context():
        application = create_application(ApplicationStatus.AWAITING_CORRECTION)
        flag_for_review(application, "agency_refused", "tax_registration: 退回")
        db.session.commit()
        db.session.refresh(application)
        assert application.status == ApplicationStatus.AWAITING_CORRECTION
        actions = db.session.scalars(db.select(AuditEvent.action).where(
            AuditEvent.application_id == application.id)).all()
        assert "agency_refused" in actions
