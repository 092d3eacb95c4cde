"""Which years the clock needs entered: those that open applications are due in."""

from datetime import datetime

from app.extensions import db
from app.sla.years import missing_years
from app.timefmt import SHANGHAI
from tests.factories import create_application


def test_a_due_time_in_an_unknown_year_is_warned_about(app):
    with app.app_context():
        assert 2031 not in missing_years()  # nothing open is due then
        application = create_application()
        application.due_at = datetime(2031, 3, 3, 17, 30, tzinfo=SHANGHAI)
        db.session.commit()
        assert 2031 in missing_years() and 2030 in missing_years()
