"""亮灯督办: the stored light follows the clock (periodic refresh) and every status change."""

from datetime import timedelta

from app.applications.operations import change_status
from app.extensions import db
from app.models import ApplicationStatus
from app.models.types import utcnow
from app.sla.lights import refresh_lights
from tests.factories import create_application


def test_refresh_turns_an_overdue_application_red_and_leaves_closed_ones(app):
    with app.app_context():
        overdue = create_application(ApplicationStatus.PROCESSING)
        closed = create_application(ApplicationStatus.ISSUED)
        for application in (overdue, closed):
            application.accepted_at = utcnow() - timedelta(days=30)  # the clock runs from acceptance (受理)
        db.session.commit()
        assert overdue.light == "green"
        assert refresh_lights() == 1
        db.session.expire_all()
        assert overdue.light == "red" and closed.light == "green"
        assert refresh_lights() == 0


def test_a_status_change_recomputes_the_light(app):
    with app.app_context():
        application = create_application(ApplicationStatus.PROCESSING)
        application.accepted_at = utcnow() - timedelta(days=30)  # the clock runs from acceptance (受理)
        change_status(application, ApplicationStatus.NEEDS_REVIEW, "system", "agency_refused")
        assert application.light == "red"
