"""/verify/<uscc> shows what the national enterprise credit publicity system shows of an enterprise:
type, legal representative (full name: a public registered item), registered capital, address,
scope and 登记状态 — and nothing else of a person. The JSON keeps API.md's fields and adds these."""

import re

import pytest

from app.extensions import db
from app.issuance.operations import revoke_licence
from app.issuance.queries import licence_holder
from tests.factories import ready_application

JSON = {"Accept": "application/json"}
DOCUMENTED = {"uscc": str, "name": str, "status": str, "registered_at": str, "authority": str}


@pytest.fixture
def company(app) -> dict:
    with app.app_context():
        application = ready_application()  # the example: 1,000,000 yuan
        form = application.form
        return {"uscc": application.uscc, "name": application.company_name, "form": form}


def test_the_json_keeps_every_documented_field_and_adds_the_register(client, company):
    body = client.get(f"/verify/{company['uscc']}", headers=JSON).get_json()
    for field, kind in DOCUMENTED.items():
        assert isinstance(body[field], kind), field
    assert body["status"] == "valid" and body["registry_status"] == "active"
    assert body["legal_representative"] == company["form"]["legal_representative"]["name"]
    assert body["registered_capital_yuan"] == 1_000_000
    assert body["address"] == company["form"]["address"]
    assert body["business_scope"] == company["form"]["business_scope"]


def test_the_page_lists_the_register_as_the_licence_prints_it(client, company):
    page = client.get(f"/verify/{company['uscc']}").get_data(as_text=True)
    form = company["form"]
    rows = dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]*)</dd>", page))
    assert rows["类型"] == "有限责任公司"
    assert rows["法定代表人"] == form["legal_representative"]["name"]
    assert rows["注册资本"] == "1,000,000元（壹佰万元整）"
    assert rows["住所"] == form["address"]
    assert rows["经营范围"] == "；".join(form["business_scope"]) + "。"
    assert rows["登记状态"] == "存续（在营、开业、在册）"


def test_no_id_number_phone_or_other_shareholder_reaches_the_public(client, company):
    form = company["form"]
    representative = form["legal_representative"]
    secrets = [representative["id_number"], representative["phone"]]
    assert re.fullmatch(r"\d{17}[\dX]", secrets[0]) and re.fullmatch(r"1\d{10}", secrets[1])  # read in the clear
    others = [holder["name"] for holder in form["shareholders"] if holder["name"] != representative["name"]]
    assert others, "the example has a shareholder besides the legal representative"
    page = client.get(f"/verify/{company['uscc']}").get_data(as_text=True)
    body = str(client.get(f"/verify/{company['uscc']}", headers=JSON).get_json())
    for text in (page, body):
        assert not any(secret in text for secret in secrets + others)


def test_a_revoked_licence_reads_revoked_not_deregistered(app, client, company):
    with app.app_context():
        revoke_licence(licence_holder(company["uscc"]), "未按规定报送年度报告", actor="test")
        db.session.commit()
    assert client.get(f"/verify/{company['uscc']}", headers=JSON).get_json()["registry_status"] == "revoked"
    page = client.get(f"/verify/{company['uscc']}").get_data(as_text=True)
    assert 'data-registry-status="revoked"' in page and "吊销，未注销" in page


def test_in_english_the_labels_are_english(client, company):
    page = client.get(f"/verify/{company['uscc']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Legal representative" in page and "Registration status" in page and "In business" in page


def test_no_capital_no_row(app, client):
    with app.app_context():
        application = ready_application()
        application.form = application.form | {"registered_capital_yuan": None}
        db.session.commit()
        uscc = application.uscc
    page = client.get(f"/verify/{uscc}").get_data(as_text=True)
    assert "注册资本" not in page and 'id="licence-legal-representative"' in page
    assert client.get(f"/verify/{uscc}", headers=JSON).get_json()["registered_capital_yuan"] is None
