"""/verify/upload names the company and the seal of an e-sealed PDF; revoked and tampered say so;
/verify/<code> lists the seals in HTML and its JSON is unchanged."""

import re
from io import BytesIO

from app.eseals.issue import seals_of
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.models import Role
from tests.app.eseals.sealed_pdfs import sealed_pdf
from tests.app.eseals.test_issue import issued
from tests.factories import create_user
from tests.support.pdf import tamper


def upload(client, content: bytes):
    response = client.post("/verify/upload", data={"licence": (BytesIO(content), "contract.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def signatures(page: str) -> list[dict]:
    """Each e-seal signature block of the page: its class, state, serial and text."""
    found = re.findall(r'<div class="([^"]*eseal-signature)"\s+data-state="(\w+)" data-serial="(\w+)">(.*?)</dl>',
                       page, re.S)
    return [{"class": c, "state": state, "serial": serial, "text": re.sub(r"<[^>]+>", "", body)}
            for c, state, serial, body in found]


def sealed(app, revoked: bool = False) -> tuple[bytes, dict]:
    with app.app_context():
        application = issued(app)
        seal = next(seal for seal in seals_of(application) if seal.kind == "official")
        pdf = sealed_pdf(seal)
        if revoked:
            revoke_seal(seal, create_user("clerk1", Role.CLERK), "公章密钥泄露")
            db.session.commit()
        return pdf, {"name": application.company_name, "uscc": application.uscc, "serial": seal.serial}


def test_a_sealed_pdf_names_the_company_and_the_seal(app, client):
    pdf, company = sealed(app)
    page = upload(client, pdf)
    [signature] = signatures(page)
    assert signature["state"] == "valid" and signature["serial"] == company["serial"]
    text = signature["text"]
    assert company["name"] in text and company["uscc"] in text and "公章" in text and "有效" in text
    assert 'id="upload-result"' not in page  # not answered as a licence that failed


def test_a_revoked_seal_shows_revoked_not_valid(app, client):
    pdf, _ = sealed(app, revoked=True)
    [signature] = signatures(upload(client, pdf))
    assert signature["state"] == "revoked"
    assert "已吊销" in signature["text"] and "公章密钥泄露" not in signature["text"]  # the reason stays with the clerks
    assert "verify-result--invalid" in signature["class"]


def test_a_tampered_sealed_pdf_shows_invalid(app, client):
    pdf, _ = sealed(app)
    [signature] = signatures(upload(client, tamper(pdf)))
    assert signature["state"] == "invalid" and "签章无效" in signature["text"]


def test_the_upload_json_keeps_its_fields_and_adds_the_eseals(app, client):
    pdf, company = sealed(app)
    response = client.post("/verify/upload", data={"licence": (BytesIO(pdf), "c.pdf")},
                           content_type="multipart/form-data", headers={"Accept": "application/json"})
    body = response.get_json()
    assert set(body) == {"intact", "valid", "signer", "signed_at", "coverage", "demo", "problem",
                         "message", "company", "eseals"}
    [seal] = body["eseals"]
    assert seal["state"] == "valid" and seal["seal"] == "official" and seal["serial"] == company["serial"]
    assert seal["company"] == {"uscc": company["uscc"], "name": company["name"]} and seal["intact"]


def test_the_upload_json_says_revoked(app, client):
    pdf, _ = sealed(app, revoked=True)
    response = client.post("/verify/upload", data={"licence": (BytesIO(pdf), "c.pdf")},
                           content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert [seal["state"] for seal in response.get_json()["eseals"]] == ["revoked"]
