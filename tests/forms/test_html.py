"""The HTML form's dotted fields become exactly the API's JSON payload."""

import copy

from werkzeug.datastructures import MultiDict

from forms.html import form_to_payload
from forms.schema import validate_application
from tests.factories import EXAMPLE, as_form


def test_the_api_example_round_trips_exactly():
    form = as_form(EXAMPLE)
    form.add("csrf_token", "whatever")
    assert form_to_payload(form) == EXAMPLE


def test_whole_numbers_parse_and_other_text_is_left_for_the_schema():
    form = as_form(EXAMPLE)
    form["registered_capital_yuan"] = " 1,000,000 "
    form["shareholders.0.contribution_yuan"] = "六十万"
    form["tax.monthly_invoice_quota"] = "25份"
    payload = form_to_payload(form)
    assert payload["registered_capital_yuan"] == 1000000
    assert payload["shareholders"][0]["contribution_yuan"] == "六十万"
    assert payload["tax"]["monthly_invoice_quota"] == "25份"


def test_empty_fields_are_left_out_so_the_schema_asks_for_each(app):
    form = MultiDict({"name.trade_name": "  云帆 ", "name.region": "", "entity_type": "llc", "csrf_token": "x"})
    payload = form_to_payload(form)
    assert payload["name"] == {"trade_name": "云帆"}
    assert payload["legal_representative"] == {} and payload["contact"] == {} and payload["bank"] == {}
    assert payload["business_scope"] == [] and payload["seals"] == []
    assert "shareholders" not in payload and "address" not in payload
    with app.test_request_context():
        _, errors = validate_application(payload)
    assert errors["name.region"] == ["必填项，请填写"]
    assert errors["legal_representative.id_number"] == ["必填项，请填写"]
    assert "csrf_token" not in errors


def test_a_wholly_empty_shareholder_row_is_dropped_and_the_rest_keep_their_order():
    form = as_form(EXAMPLE)
    for key in ("name", "id_number", "contribution_yuan", "phone"):
        form[f"shareholders.5.{key}"] = EXAMPLE["shareholders"][1][key] if key != "contribution_yuan" else "1"
        form[f"shareholders.1.{key}"] = ""
    rows = form_to_payload(form)["shareholders"]
    assert [row["name"] for row in rows] == ["张三", "李四"] and rows[1]["contribution_yuan"] == 1


def test_types_without_shareholders_send_none_even_if_rows_were_typed():
    form = as_form(EXAMPLE)
    form["entity_type"] = "individual_business"
    assert "shareholders" not in form_to_payload(form)


def test_window_delivery_drops_the_courier_fields():
    form = as_form(EXAMPLE)
    form["delivery.method"] = "window"
    assert form_to_payload(form)["delivery"] == {"method": "window"}


def test_courier_delivery_keeps_what_was_typed_and_no_method_gives_an_empty_section():
    example = copy.deepcopy(EXAMPLE)
    assert form_to_payload(as_form(example))["delivery"] == example["delivery"]
    form = as_form(example)
    del form["delivery.method"]
    assert form_to_payload(form)["delivery"] == {}


def test_email_is_optional_and_left_out_when_empty(app):
    form = as_form(EXAMPLE)
    form["contact.email"] = ""
    payload = form_to_payload(form)
    assert payload["contact"] == {"name": "张三", "phone": "13800000000"}
    with app.test_request_context():
        assert validate_application(payload)[1] == {}
