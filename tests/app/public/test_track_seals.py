"""印模确认 on the tracking page: impressions shown inline, confirmed once by the applicant."""

import re

from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.models import AuditEvent, SealVoucher
from tests.factories import ready_application, track_client


def test_the_tracking_page_shows_each_seal_impression_and_records_the_confirmation(app, client):
    with app.app_context():
        application = ready_application()
        number, application_id = application.number, application.id
        token = application_token(application, app.config["SECRET_KEY"])
    track_client(client, number, token)
    page = client.get(f"/track/{number}").get_data(as_text=True)
    assert "印模确认" in page
    svgs = re.findall(r"<svg[^>]*class=\"seal-impression\"[^>]*>", page)
    assert len(svgs) == 3 and all('role="img"' in svg for svg in svgs)
    assert "<?xml" not in page and page.count('id="seal-clip-official"') == 1
    assert 'id="seals-confirm"' in page

    confirmed = client.post(f"/track/{number}/impressions/confirm")
    assert confirmed.status_code == 303 and confirmed.location.endswith("#seals")
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application_id))
        first = voucher.impressions_confirmed_at
        assert first is not None
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.application_id == application_id))
        assert "impressions_confirmed" in list(actions)
    page = client.get(f"/track/{number}").get_data(as_text=True)
    assert 'id="seals-confirmed"' in page and 'id="seals-confirm"' not in page

    client.post(f"/track/{number}/impressions/confirm")
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application_id))
        assert voucher.impressions_confirmed_at == first


def test_confirming_needs_the_applicants_cookie(app, client):
    with app.app_context():
        application = ready_application()
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    assert client.post(f"/track/{number}/impressions/confirm").status_code == 401
    # The token in the address opens nothing but the bare /track/<number> exchange.
    assert client.post(f"/track/{number}/impressions/confirm?t={token}").status_code == 401
    client.set_cookie(f"kaiban_track_{number}", "wrong", path=f"/track/{number}")
    assert client.post(f"/track/{number}/impressions/confirm").status_code == 404


def test_extra_seals_beyond_the_free_ones_are_marked_paid(app, client):
    with app.app_context():
        application = ready_application(seals=["official", "finance", "invoice", "contract"])
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    page = track_client(client, number, token).get(f"/track/{number}").get_data(as_text=True)
    assert page.count("tag--free") == 3 and page.count("tag--paid") == 1
