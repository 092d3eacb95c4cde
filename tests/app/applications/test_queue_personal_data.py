"""The clerk finds an application by an exact ID number or phone of anyone in its form, through the
keyed hash — never by a part of one, never without signing in, and the hash table holds no number."""

from urllib.parse import quote

from sqlalchemy import select

from app.extensions import db
from app.models import Application, PersonalDataDigest
from app.review.operations import request_correction, resubmit
from tests.app.privacy.people import founders_payload, new_id_number, new_phone
from tests.factories import filed_application


def numbers_in(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-number="')[1:]]


def file_two(app) -> tuple[dict, str, str]:
    with app.app_context():
        payload = founders_payload()
        wanted = filed_application(payload).number
        other = filed_application(founders_payload()).number
    return payload, wanted, other


def test_a_clerk_finds_an_application_by_exact_id_number_or_phone(app, clerk_client):
    payload, wanted, other = file_two(app)
    legal, partner = payload["legal_representative"], payload["shareholders"][1]
    typed = [legal["id_number"], legal["id_number"].lower(), partner["id_number"], legal["phone"],
             payload["delivery"]["phone"], payload["contact"]["phone"],
             " ".join((legal["phone"][:3], legal["phone"][3:7], legal["phone"][7:]))]  # 139 1234 5678
    for search in typed:
        assert numbers_in(clerk_client.get(f"/clerk/?q={quote(search)}").text) == [wanted], search


def test_a_part_of_a_number_or_a_number_not_filed_finds_nothing(app, clerk_client):
    payload, wanted, other = file_two(app)
    id_number, phone = payload["legal_representative"]["id_number"], payload["legal_representative"]["phone"]
    for search in (id_number[:17], id_number[:6], id_number[-4:], phone[:7], phone[-4:], new_id_number(), new_phone()):
        assert numbers_in(clerk_client.get(f"/clerk/?q={quote(search)}").text) == [], search


def test_the_digest_table_holds_no_number_and_a_typed_digest_finds_nothing(app, clerk_client):
    payload, wanted, other = file_two(app)
    with app.app_context():
        stored = db.session.scalars(select(PersonalDataDigest.digest)).all()
    assert stored and not {payload["legal_representative"]["id_number"], payload["contact"]["phone"]} & set(stored)
    assert all(len(digest) == 64 for digest in stored)
    assert numbers_in(clerk_client.get(f"/clerk/?q={stored[0]}").text) == []


def test_searching_by_id_number_needs_a_signed_in_clerk(app):
    payload, wanted, other = file_two(app)
    answer = app.test_client().get(f"/clerk/?q={payload['legal_representative']['id_number']}")
    assert answer.status_code in (302, 401, 403) and wanted not in answer.text


def test_after_a_correction_the_new_phone_finds_it_and_the_old_one_does_not(app, clerk_client):
    payload, wanted, other = file_two(app)
    old_phone, new = payload["legal_representative"]["phone"], new_phone()
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == wanted))
        request_correction(application, [{"field": "legal_representative.phone", "reason": "号码停机"}], "clerk1", "请补正")
        db.session.commit()
        assert resubmit(application, {"legal_representative.phone": new}) == {}
        db.session.commit()
    assert numbers_in(clerk_client.get(f"/clerk/?q={new}").text) == [wanted]
    assert numbers_in(clerk_client.get(f"/clerk/?q={old_phone}").text) == []
