"""The window's print job: every document of a finished application in one PDF, for window staff only."""

from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Role
from tests.factories import sign_in_new_user
from tests.support.pdf import pdf_text


def test_the_clerk_prints_every_document_in_one_pdf(app, client, finished, tmp_path):
    assert client.get(f"/clerk/applications/{finished}/print.pdf").status_code in (302, 401)
    sign_in_new_user(client, app, Role.CLERK)
    response = client.get(f"/clerk/applications/{finished}/print.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(PdfReader(BytesIO(response.data)).pages) == 6  # with the 社保 and 公积金 notices
    with app.app_context():
        uscc = db.session.scalar(select(Application.uscc).where(Application.number == finished))
    text = pdf_text(response.data, tmp_path)
    assert text.count(uscc) >= 4
    assert client.get("/clerk/applications/20990101000/print.pdf").status_code == 404


def test_a_courier_may_not_print_the_window_job(app, client, finished):
    sign_in_new_user(client, app, Role.COURIER)
    assert client.get(f"/clerk/applications/{finished}/print.pdf").status_code == 403
