"""Rating, reporting, confirming impressions and correcting are the applicant's: a clerk's session is not enough."""

from app.applications.tokens import application_token
from app.extensions import db
from app.models import ApplicationStatus, Rating
from tests.factories import create_application, track_client


def test_a_clerk_cannot_rate_report_or_correct_on_the_applicants_behalf(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.ISSUED).number
    for path, data in ((f"/track/{number}/rating", {"score": "5"}), (f"/track/{number}/report", {"body": "x"}),
                       (f"/track/{number}/impressions/confirm", {}), (f"/track/{number}/correction", {})):
        assert clerk_client.post(path, data=data).status_code == 401, path
    with app.app_context():
        assert db.session.query(Rating).count() == 0


def test_the_applicant_still_can(app, client):
    with app.app_context():
        application = create_application(ApplicationStatus.ISSUED)
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    response = track_client(client, number, token).post(f"/track/{number}/rating", data={"score": "5"})
    assert response.status_code == 303 and response.headers["Location"] == f"/track/{number}#desk-rating"
    with app.app_context():
        assert db.session.query(Rating).count() == 1
