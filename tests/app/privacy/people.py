"""Founders of their own for the personal-data tests: valid ID numbers and phones no other test uses."""

import secrets

from app.rules.id_number import check_char
from forms.schema import ShareholderSchema
from tests.factories import example_payload


def new_id_number(region: str = "420324") -> str:
    """A valid resident ID number (born 1980–1999) with a random sequence."""
    first17 = f"{region}19{80 + secrets.randbelow(20)}0{1 + secrets.randbelow(9)}1{secrets.randbelow(10)}" \
              f"{secrets.randbelow(1000):03d}"
    return first17 + check_char(first17)


def new_phone() -> str:
    return f"139{secrets.randbelow(10**8):08d}"


def founders_payload() -> dict:
    """The example application with fresh ID numbers, phones and e-mail for every person in it."""
    payload = example_payload()
    legal = {"name": "张三", "id_number": new_id_number(), "phone": new_phone()}
    partner = {"name": "李四", "id_number": new_id_number(), "contribution_yuan": 400000}
    if "phone" in ShareholderSchema().fields:  # the form takes a shareholder's phone: it is protected too
        partner["phone"] = new_phone()
    payload["legal_representative"] = legal
    payload["shareholders"] = [{"name": "张三", "id_number": legal["id_number"], "contribution_yuan": 600000}, partner]
    payload["delivery"] = payload["delivery"] | {"phone": new_phone()}
    payload["contact"] = {"name": "张三", "phone": new_phone(), "email": f"f{secrets.token_hex(4)}@example.com"}
    return payload


def personal_values(payload: dict) -> list[str]:
    """Every ID number, phone and e-mail in the payload."""
    values = [payload["legal_representative"]["id_number"], payload["legal_representative"]["phone"],
              payload["delivery"]["phone"], payload["contact"]["phone"], payload["contact"]["email"]]
    for holder in payload.get("shareholders", []):
        values += [holder["id_number"], *([holder["phone"]] if "phone" in holder else [])]
    return values
