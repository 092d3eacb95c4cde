"""补正 of an ID number or phone: the page shows the stored value masked and an empty input, never
the full number (a clerk could otherwise read it through the applicant's page); an unchanged
submission is refused."""

import lxml.html
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, ApplicationStatus, StepStatus
from tests.factories import create_application, track_client

FULL_ID, FULL_PHONE = "420324199001011235", "13800000000"
FIELDS = ("legal_representative.id_number", "legal_representative.phone", "contact.phone")


def asking_for_ids(app, clerk_client) -> tuple[str, str]:
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW,
                                          stuck={"registration": (StepStatus.NEEDS_REVIEW, "身份证号码核验不通过")})
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    response = clerk_client.post(f"/clerk/applications/{number}/correction", data={
        "note": "身份证号码核验不通过", "field": list(FIELDS),
        **{f"reason-{path}": "请核对" for path in FIELDS}})
    assert response.status_code == 303
    return number, token


def test_the_correction_page_shows_ids_and_phones_masked_and_empty(app, client, clerk_client):
    number, token = asking_for_ids(app, clerk_client)
    response = track_client(client, number, token).get(f"/track/{number}/correction")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FULL_ID not in text and FULL_PHONE not in text
    assert "4203**********1235" in text and "138****0000" in text
    html = lxml.html.fromstring(text)
    for path in FIELDS:
        assert html.get_element_by_id(path).get("value") == ""
    # Nor does the clerk's own page show them in full (a clerk sees ID numbers masked).
    assert FULL_ID not in clerk_client.get(f"/clerk/applications/{number}").get_data(as_text=True)


def test_an_unchanged_submission_is_refused_with_a_message(app, client, clerk_client):
    number, token = asking_for_ids(app, clerk_client)
    track_client(client, number, token)
    for data in ({}, {"legal_representative.id_number": FULL_ID, "legal_representative.phone": FULL_PHONE,
                      "contact.phone": FULL_PHONE}):
        response = client.post(f"/track/{number}/correction", data=data)
        text = response.get_data(as_text=True)
        assert response.status_code == 422 and "与原来相同" in text
        assert FULL_ID not in text and FULL_PHONE not in text  # not even echoed back
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        assert application.status == ApplicationStatus.AWAITING_CORRECTION


def test_the_typed_correction_is_taken_and_empty_fields_keep_their_value(app, client, clerk_client):
    number, token = asking_for_ids(app, clerk_client)
    track_client(client, number, token)
    response = client.post(f"/track/{number}/correction", data={"legal_representative.id_number": "42032419850315002X"})
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    assert response.status_code == 303 and response.headers["Location"] == f"/track/{number}"
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == number))
        assert application.status == ApplicationStatus.AWAITING_SIGNATURES  # the parties sign what changed
        assert application.form["legal_representative"]["id_number"] == "42032419850315002X"
        assert application.form["legal_representative"]["phone"] == FULL_PHONE
        assert application.form["contact"]["phone"] == FULL_PHONE
