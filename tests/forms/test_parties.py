"""Who may be on an application: an adult legal representative, each party reachable on their own phone,
an ID number as people type it (民法典 17–18; API.md Submit)."""

from datetime import date

from forms.schema import validate_application
from tests.factories import example_payload


def with_check_character(first17: str) -> str:
    from app.rules.id_number import check_char
    return first17 + check_char(first17)


def test_a_minor_is_refused_as_legal_representative(app):
    # Born 2016-05-01 and 2026-11-01: a ten-year-old and a newborn.
    for number in (with_check_character("42032420160501001"), with_check_character("42032420261101001")):
        payload = example_payload()
        payload["legal_representative"]["id_number"] = number
        payload["shareholders"][0]["id_number"] = number
        with app.test_request_context("/"):
            form, errors = validate_application(payload)
        assert form is None and errors["legal_representative.id_number"] == ["法定代表人在提交之日应年满18周岁"]


def test_the_legal_representative_is_an_adult_from_the_eighteenth_birthday(app):
    today = date.today()
    born = date(today.year - 18, today.month, min(today.day, 28))
    payload = example_payload()
    number = with_check_character(f"420324{born:%Y%m%d}001")
    payload["legal_representative"]["id_number"] = number
    payload["shareholders"][0]["id_number"] = number
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert errors == {} and form is not None


def test_a_minor_may_be_a_shareholder(app):
    payload = example_payload()
    minor = with_check_character("42032420160501001")
    payload["registered_capital_yuan"] = 1_000_000
    payload["shareholders"] = [payload["shareholders"][0] | {"contribution_yuan": 600_000},
                               {"name": "李小四", "id_number": minor, "contribution_yuan": 400_000, "phone": "13900000001"}]
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert errors == {}


def test_every_shareholder_but_the_legal_representative_gives_a_phone(app):
    payload = example_payload()
    payload["registered_capital_yuan"] = 1_000_000
    payload["shareholders"] = [payload["shareholders"][0] | {"contribution_yuan": 600_000},
                               {"name": "李四", "id_number": "420324199202025676", "contribution_yuan": 400_000}]
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert form is None and list(errors) == ["shareholders.1.phone"]
    payload["shareholders"][1]["phone"] = "1390000"
    with app.test_request_context("/"):
        assert "shareholders.1.phone" in validate_application(payload)[1]
    payload["shareholders"][1]["phone"] = "13900000000"
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert errors == {} and form["shareholders"][1]["phone"] == "13900000000"


def test_a_lower_case_x_is_accepted_and_stored_upper_case(app):
    payload = example_payload()
    payload["legal_representative"]["id_number"] = "42032419850315002x"
    payload["shareholders"][0]["id_number"] = "42032419850315002x"
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert errors == {}
    assert form["legal_representative"]["id_number"] == "42032419850315002X"
    assert form["shareholders"][0]["id_number"] == "42032419850315002X"


def test_a_shareholder_with_the_legal_representatives_id_number_has_the_same_name(app):
    # One ID number is one person and signs once: under another name it is a typo or someone else's number.
    payload = example_payload()
    payload["shareholders"][0]["name"] = "张四"
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert form is None and list(errors) == ["shareholders.0.name"]
    assert "与法定代表人相同" in errors["shareholders.0.name"][0]
    payload["shareholders"][0]["name"] = payload["legal_representative"]["name"]
    with app.test_request_context("/"):
        assert validate_application(payload)[1] == {}
