"""Rating, reporting, confirming impressions and correcting are the applicant's: a clerk's session is not enough."""

from app.applications.tokens import access_token
from app.models import ApplicationStatus
from tests.factories import create_application


def test_a_clerk_cannot_rate_report_or_correct_on_the_applicants_behalf(app, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.ISSUED).number
    for path, data in ((f"/track/{number}/rating", {"score": "5"}), (f"/track/{number}/report", {"body": "x"}),
                       (f"/track/{number}/impressions/confirm", {}), (f"/track/{number}/correction", {})):
        assert clerk_client.post(path, data=data).status_code == 401, path


def test_the_applicant_still_can(app, client):
    with app.app_context():
        number = create_application(ApplicationStatus.ISSUED).number
        token = access_token(number, app.config["SECRET_KEY"])
    response = client.post(f"/track/{number}/rating?t={token}", data={"score": "5"})
    assert response.status_code in (200, 302, 303)
