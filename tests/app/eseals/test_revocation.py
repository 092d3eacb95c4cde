"""Revoking an electronic seal: the window's POST with a reason, audited, once only, not for couriers."""

import pytest
from sqlalchemy import select

from app.eseals.issue import seals_of
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.models import Application, AuditEvent, Role
from app.models.eseals import ElectronicSeal
from app.refusal import Refusal
from tests.app.eseals.test_issue import issued
from tests.factories import create_user, sign_in_new_user


def a_seal(app) -> tuple[str, str]:
    with app.app_context():
        application = issued(app)
        return application.number, seals_of(application)[0].kind


def seal_row(app, number: str, kind: str) -> ElectronicSeal:
    application = db.session.scalar(select(Application).filter_by(number=number))
    return db.session.scalar(select(ElectronicSeal).filter_by(application_id=application.id, kind=kind))


def test_a_clerk_revokes_with_a_reason_and_it_is_audited(app, client):
    number, kind = a_seal(app)
    sign_in_new_user(client, app, Role.CLERK, display_name="王窗口")
    response = client.post(f"/clerk/applications/{number}/eseals/{kind}/revoke", data={"reason": "印章密钥遗失"})
    assert response.status_code == 303
    with app.app_context():
        seal = seal_row(app, number, kind)
        assert seal.is_revoked and seal.revoked_reason == "印章密钥遗失" and seal.revoked_by == "王窗口"
        events = db.session.scalars(select(AuditEvent).filter_by(action="eseal_revoked")).all()
        assert len(events) == 1 and events[0].actor == Role.CLERK and "印章密钥遗失" in events[0].note


def test_no_reason_no_revocation(app, client):
    number, kind = a_seal(app)
    sign_in_new_user(client, app, Role.CLERK)
    assert client.post(f"/clerk/applications/{number}/eseals/{kind}/revoke", data={"reason": "  "}).status_code == 303
    with app.app_context():
        assert not seal_row(app, number, kind).is_revoked
        assert db.session.scalars(select(AuditEvent).filter_by(action="eseal_revoked")).all() == []


def test_twice_is_refused(app, client):
    number, kind = a_seal(app)
    sign_in_new_user(client, app, Role.SUPERVISOR)
    url = f"/clerk/applications/{number}/eseals/{kind}/revoke"
    client.post(url, data={"reason": "第一次"})
    client.post(url, data={"reason": "第二次"})
    with app.app_context():
        assert seal_row(app, number, kind).revoked_reason == "第一次"
        assert len(db.session.scalars(select(AuditEvent).filter_by(action="eseal_revoked")).all()) == 1
        with pytest.raises(Refusal) as refused:
            revoke_seal(seal_row(app, number, kind), create_user("another", Role.CLERK), "再次")
        assert refused.value.status == 409


@pytest.mark.parametrize("who", ["courier", None])
def test_a_courier_or_a_stranger_cannot_revoke(app, client, who):
    number, kind = a_seal(app)
    if who:
        sign_in_new_user(client, app, Role.COURIER)
    response = client.post(f"/clerk/applications/{number}/eseals/{kind}/revoke", data={"reason": "x"})
    assert response.status_code in (302, 403)
    with app.app_context():
        assert not seal_row(app, number, kind).is_revoked


def test_an_unknown_seal_is_404(app, client):
    number, _ = a_seal(app)
    sign_in_new_user(client, app, Role.CLERK)
    assert client.post(f"/clerk/applications/{number}/eseals/nonsense/revoke", data={"reason": "x"}).status_code == 404
