"""/verify/<code> lists the company's electronic seals in HTML (name, serial, validity, state; nothing of a
key), a revoked one marked; the JSON answer partners read keeps exactly its keys."""

import lxml.html
from cryptography import x509
from sqlalchemy import select

from app.eseals.issue import issue_electronic_seals, seals_of
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.issuance.operations import revoke_licence
from app.models import Application, ApplicationStatus, Role
from app.timefmt import local
from tests.factories import create_user, ready_application

SEAL_NAMES = {"official": "公章", "finance": "财务专用章", "invoice": "发票专用章"}
# The JSON of /verify/<code> as it was before the seals were listed (API.md's fields, then the page's);
# partners read it, so a key may be added only on purpose, never by listing seals.
JSON_KEYS = {"uscc", "name", "status", "registered_at", "authority", "entity_type", "revoked_at", "revoked_reason",
             "signed", "registry_status", "legal_representative", "registered_capital_yuan", "address",
             "business_scope", "qr_signature"}


def issued(app) -> tuple[str, list[dict]]:
    """A company with its electronic seals: (credit code, each seal's kind, serial, key, dates)."""
    with app.app_context():
        application = ready_application()
        issue_electronic_seals(application)
        db.session.commit()
        seals = [{"kind": seal.kind, "serial": seal.serial, "private_key": seal.private_key,
                  "issued_on": local(seal.issued_at, "%Y-%m-%d"),
                  "until": local(x509.load_der_x509_certificate(seal.certificate).not_valid_after_utc, "%Y-%m-%d")}
                 for seal in seals_of(application)]
        return application.uscc, seals


def revoke(app, uscc: str, kind: str, reason: str) -> None:
    with app.app_context():
        application = db.session.scalar(select(Application).filter_by(uscc=uscc))
        seal = next(seal for seal in seals_of(application) if seal.kind == kind)
        revoke_seal(seal, create_user("clerk-verify", Role.CLERK), reason)
        db.session.commit()


def listed(html: str) -> dict[str, lxml.html.HtmlElement]:
    tree = lxml.html.fromstring(html)
    return {item.get("data-kind"): item for item in tree.xpath("//section[@id='licence-eseals']//li[@data-kind]")}


def test_the_page_lists_each_seal_with_its_serial_and_validity(app, client):
    uscc, seals = issued(app)
    response = client.get(f"/verify/{uscc}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    items = listed(html)
    assert set(items) == set(SEAL_NAMES)
    for seal in seals:
        item, serial = items[seal["kind"]], seal["serial"].upper()
        text = item.text_content()
        assert SEAL_NAMES[seal["kind"]] in item.xpath(".//h3")[0].text_content()
        assert item.get("data-serial") == serial and serial in text  # <wbr> breaks the line, not the text
        assert seal["issued_on"] in text and seal["until"] in text
        assert item.get("data-status") == "valid" and "有效" in text
        assert seal["private_key"] not in html
    assert "fernet:" not in html and "BEGIN" not in html


def test_a_revoked_seal_is_marked_revoked(app, client):
    uscc, _ = issued(app)
    revoke(app, uscc, "invoice", "发票专用章停用")
    items = listed(client.get(f"/verify/{uscc}").get_data(as_text=True))
    revoked = items["invoice"]
    assert revoked.get("data-status") == "revoked" and "已吊销" in revoked.text_content()
    with app.app_context():
        application = db.session.scalar(select(Application).filter_by(uscc=uscc))
        revoked_on = local(next(s for s in seals_of(application) if s.kind == "invoice").revoked_at, "%Y-%m-%d")
    assert revoked_on in revoked.text_content()
    assert "发票专用章停用" not in revoked.text_content()  # the clerk's words stay off the public page
    assert items["official"].get("data-status") == items["finance"].get("data-status") == "valid"


def test_a_revoked_licence_takes_its_seals_with_it(app, client):
    uscc, _ = issued(app)
    with app.app_context():
        revoke_licence(db.session.scalar(select(Application).filter_by(uscc=uscc)), "虚假登记", "supervisor")
        db.session.commit()
    items = listed(client.get(f"/verify/{uscc}").get_data(as_text=True))
    assert {item.get("data-status") for item in items.values()} == {"revoked"}
    assert all("已吊销" in item.text_content() for item in items.values())


def test_seals_of_a_company_whose_licence_is_not_done_are_not_in_force(app, client):
    uscc, _ = issued(app)
    with app.app_context():
        db.session.scalar(select(Application).filter_by(uscc=uscc)).status = ApplicationStatus.PROCESSING
        db.session.commit()
    items = listed(client.get(f"/verify/{uscc}").get_data(as_text=True))
    assert {item.get("data-status") for item in items.values()} == {"not_in_force"}
    assert all("未生效" in item.text_content() and "有效期" in item.text_content() for item in items.values())


def test_the_json_answer_keeps_exactly_its_keys(app, client):
    uscc, seals = issued(app)
    revoke(app, uscc, "official", "公章停用")
    response = client.get(f"/verify/{uscc}", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    assert set(answer) == JSON_KEYS
    assert answer["uscc"] == uscc and answer["status"] == "valid"  # a revoked seal is not a revoked licence
    body = response.get_data(as_text=True)
    assert not any(seal["serial"] in body.lower() for seal in seals)


def test_a_company_without_seals_lists_none(app, client):
    uscc, _ = issued(app)
    with app.app_context():
        application = db.session.scalar(select(Application).filter_by(uscc=uscc))
        for seal in seals_of(application):
            db.session.delete(seal)
        db.session.commit()
    html = client.get(f"/verify/{uscc}").get_data(as_text=True)
    assert 'id="licence-eseals"' not in html and 'id="licence-status"' in html
