"""Documents are fetched with the Authorization header (API) or the tracking cookie (pages), never a
?t=; each download is in the audit trail with who fetched it."""

from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, AuditEvent, User
from tests.factories import ready_application, track_client


def downloads(app, number: str) -> list[tuple]:
    with app.app_context():
        application_id = db.session.scalar(select(Application.id).where(Application.number == number))
        return [tuple(row) for row in db.session.execute(
            select(AuditEvent.actor, AuditEvent.actor_user_id, AuditEvent.note)
            .where(AuditEvent.application_id == application_id, AuditEvent.action == "document_downloaded")
            .order_by(AuditEvent.id))]


def finished_with_token(app) -> tuple[str, str]:
    with app.app_context():
        application = ready_application()
        return application.number, application_token(application, app.config["SECRET_KEY"])


def test_the_api_document_urls_answer_the_header_and_keep_their_shape(app, client):
    number, token = finished_with_token(app)
    bearer = {"Authorization": f"Bearer {token}"}
    body = client.get(f"/api/v1/applications/{number}", headers=bearer).get_json()
    url = {d["kind"]: d["url"] for d in body["documents"]}["business_license"]
    assert url == f"/api/v1/applications/{number}/documents/business_license"
    pdf = client.get(url, headers=bearer)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert client.get(f"{url}?t={token}").status_code == 401  # not in the address
    assert client.get(url, headers={"Authorization": "Bearer " + "0" * 32}).status_code == 404
    assert downloads(app, number) == [("applicant", None, "business_license")]


def test_the_tracking_page_downloads_with_the_cookie(app, client):
    number, token = finished_with_token(app)
    track_client(client, number, token)
    bundle = client.get(f"/track/{number}/documents/bundle")
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    assert client.get(f"/track/{number}/documents/nonsense").status_code == 404
    assert downloads(app, number) == [("applicant", None, "bundle")]


def test_a_clerks_download_is_recorded_as_the_clerk(app, clerk_client):
    number, _token = finished_with_token(app)
    page = clerk_client.get(f"/clerk/applications/{number}").get_data(as_text=True)
    assert f"/api/v1/applications/{number}/documents/business_license" in page
    assert clerk_client.get(f"/api/v1/applications/{number}/documents/business_license").status_code == 200
    with app.app_context():
        clerk_id = db.session.scalar(select(User.id).where(User.username == "clerk1"))
    assert downloads(app, number) == [("clerk1", clerk_id, "business_license")]
