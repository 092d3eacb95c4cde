"""印模确认 on the tracking page: impressions shown inline, confirmed once by the applicant."""

import re

from sqlalchemy import select

from app.applications.tokens import access_token
from app.extensions import db
from app.models import AuditEvent, SealVoucher
from tests.factories import ready_application


def test_the_tracking_page_shows_each_seal_impression_and_records_the_confirmation(app, client):
    with app.app_context():
        application = ready_application()
        number, application_id = application.number, application.id
    token = access_token(number, app.config["SECRET_KEY"])
    page = client.get(f"/track/{number}?t={token}").get_data(as_text=True)
    assert "印模确认" in page
    svgs = re.findall(r"<svg[^>]*class=\"seal-impression\"[^>]*>", page)
    assert len(svgs) == 3 and all('role="img"' in svg for svg in svgs)
    assert "<?xml" not in page and page.count('id="seal-clip-official"') == 1
    assert 'id="seals-confirm"' in page

    confirmed = client.post(f"/track/{number}/impressions/confirm?t={token}")
    assert confirmed.status_code == 303 and confirmed.location.endswith("#seals")
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application_id))
        first = voucher.impressions_confirmed_at
        assert first is not None
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.application_id == application_id))
        assert "impressions_confirmed" in list(actions)
    page = client.get(f"/track/{number}?t={token}").get_data(as_text=True)
    assert 'id="seals-confirmed"' in page and 'id="seals-confirm"' not in page

    client.post(f"/track/{number}/impressions/confirm?t={token}")
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application_id))
        assert voucher.impressions_confirmed_at == first


def test_confirming_needs_the_applicants_token(app, client):
    with app.app_context():
        number = ready_application().number
    assert client.post(f"/track/{number}/impressions/confirm").status_code == 401
    assert client.post(f"/track/{number}/impressions/confirm?t=wrong").status_code == 404


def test_extra_seals_beyond_the_free_ones_are_marked_paid(app, client):
    with app.app_context():
        application = ready_application(seals=["official", "finance", "invoice", "contract"])
        number = application.number
    token = access_token(number, app.config["SECRET_KEY"])
    page = client.get(f"/track/{number}?t={token}").get_data(as_text=True)
    assert page.count("tag--free") == 3 and page.count("tag--paid") == 1
