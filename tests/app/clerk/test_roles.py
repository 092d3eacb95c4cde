"""Who may open the clerk's window and what each role sees."""

from app.applications.tokens import application_token
from app.models import ApplicationStatus
from tests.factories import create_application, sign_in


def test_a_courier_is_refused_the_clerk_window(app, staff):
    client = sign_in(app.test_client(), "courier1")
    assert client.get("/clerk/").status_code == 403


def test_an_applicant_token_does_not_open_the_clerk_window(app, staff):
    with app.app_context():
        application = create_application()
        token = application_token(application, app.config["SECRET_KEY"])
        number = application.number
    client = app.test_client()
    for url in ("/clerk/", f"/clerk/applications/{number}", f"/clerk/?t={token}",
                f"/clerk/applications/{number}?t={token}"):
        response = client.get(url, headers={"Authorization": "Bearer " + token})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    response = client.post(f"/clerk/applications/{number}/reject", data={"note": "x"},
                           headers={"Authorization": "Bearer " + token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_clerk_cannot_open_the_calendar_but_a_supervisor_can(clerk_client, supervisor_client):
    assert clerk_client.get("/clerk/calendar").status_code == 403
    assert clerk_client.post("/clerk/calendar", data={"year": "2027", "holidays": "2027-01-01"}).status_code == 403
    page = supervisor_client.get("/clerk/calendar")
    assert page.status_code == 200 and "节假日安排" in page.text
    assert "/clerk/calendar" not in clerk_client.get("/clerk/").text
    assert "/clerk/calendar" in supervisor_client.get("/clerk/").text


def test_id_numbers_are_masked_for_a_clerk_and_shown_to_a_supervisor(app, clerk_client, supervisor_client):
    with app.app_context():
        number = create_application(ApplicationStatus.PROCESSING).number
    clerk_page = clerk_client.get(f"/clerk/applications/{number}").text
    assert "420324199001011235" not in clerk_page and "4203**********1235" in clerk_page
    assert "420324199001011235" in supervisor_client.get(f"/clerk/applications/{number}").text


def test_a_clerk_cannot_answer_a_supervisors_report(clerk_client):
    # 办不成事 answers belong to a supervisor: the clerk's role is refused, not merely hidden.
    assert clerk_client.post("/clerk/reports/1/answer", data={"answer": "x"}).status_code == 403
