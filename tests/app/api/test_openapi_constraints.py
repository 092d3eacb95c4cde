"""/api/v1/openapi.json carries every constraint the server enforces, and the server holds to it.

A schema-driven client builds requests from the published schema: a constraint missing there is a
request the client thinks valid and the server refuses; a published pattern the server does not
check is one it accepts and the client thinks invalid. Both directions are tried here.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import catalogues
from app.rules import id_number as id_rules
from forms import characters
from forms.choices import BANKS, DELIVERY_METHODS, ENTITY_TYPES, INVOICE_TYPES, SEAL_KINDS, TAXPAYER_TYPES
from forms.schema import ID_NUMBER_SHAPE, MOBILE_PHONE


@pytest.fixture
def spec(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture
def schemas(spec) -> dict:
    return spec["components"]["schemas"]


def matches(pattern: str, value: str) -> bool:
    return re.search(pattern.removesuffix("$") + r"\Z", value) is not None  # ECMA's `$`: the very end


def test_every_object_of_the_form_refuses_unknown_fields(schemas):
    for name in ("Application", "Name", "Person", "Shareholder", "Tax", "Bank", "Delivery", "Contact"):
        assert schemas[name]["additionalProperties"] is False, name


def test_required_fields_are_declared(schemas):
    assert set(schemas["Application"]["required"]) == {
        "name", "entity_type", "registered_capital_yuan", "address", "business_scope", "legal_representative",
        "tax", "seals", "bank", "delivery", "contact"}
    assert set(schemas["Person"]["required"]) == {"name", "id_number", "phone"}
    assert schemas["Delivery"]["required"] == ["method"]


def test_enums_are_the_server_s_lists(schemas):
    application = schemas["Application"]["properties"]
    assert application["entity_type"]["enum"] == list(ENTITY_TYPES)
    assert application["seals"]["items"]["enum"] == list(SEAL_KINDS) and application["seals"]["uniqueItems"]
    scope = application["business_scope"]
    assert scope["items"]["enum"] == [phrase for _, phrase in catalogues.business_scope()]
    assert scope["uniqueItems"] and (scope["minItems"], scope["maxItems"]) == (1, 30)
    assert schemas["Bank"]["properties"]["bank"]["enum"] == list(BANKS)
    assert schemas["Tax"]["properties"]["invoice_types"]["items"]["enum"] == list(INVOICE_TYPES)
    assert schemas["Tax"]["properties"]["taxpayer_type"]["enum"] == list(TAXPAYER_TYPES)
    assert schemas["Delivery"]["properties"]["method"]["enum"] == list(DELIVERY_METHODS)


def test_numbers_lengths_and_patterns(schemas):
    application, tax = schemas["Application"]["properties"], schemas["Tax"]["properties"]
    assert (application["registered_capital_yuan"]["minimum"], application["registered_capital_yuan"]["type"]) == \
        (1, "integer")
    assert (tax["monthly_invoice_quota"]["minimum"], tax["monthly_invoice_quota"]["maximum"]) == (0, 1000)
    assert {"minLength": 5, "maxLength": 200, "pattern": characters.ADDRESS}.items() <= application["address"].items()
    for owner in ("Person", "Shareholder"):
        person = schemas[owner]["properties"]
        assert person["name"]["pattern"] == characters.PERSON_NAME
        assert person["id_number"]["pattern"] == ID_NUMBER_SHAPE and person["id_number"]["format"] == "cn-resident-id"
    assert schemas["Person"]["properties"]["phone"]["pattern"] == MOBILE_PHONE
    assert schemas["Contact"]["properties"]["name"]["pattern"] == characters.CONTACT_NAME
    assert schemas["Contact"]["properties"]["email"]["maxLength"] == 254
    name = schemas["Name"]["properties"]
    assert (name["trade_name"]["minLength"], name["trade_name"]["maxLength"]) == (2, 10)
    assert name["industry"]["pattern"] == characters.ENTERPRISE_NAME_PART


def test_the_idempotency_key_header_is_bounded(spec):
    [header] = spec["paths"]["/api/v1/applications"]["post"]["parameters"]
    assert header["schema"]["maxLength"] == 200 and header["schema"]["pattern"] == characters.IDEMPOTENCY_KEY


def test_every_entity_type_says_its_org_forms_and_investors(schemas):
    rules = {alternative["properties"]["entity_type"]["enum"][0]: alternative
             for alternative in schemas["Application"]["anyOf"]}
    assert set(rules) == set(ENTITY_TYPES)
    assert rules["llc"]["properties"]["shareholders"] == {"minItems": 1, "maxItems": 50}
    assert rules["cooperative"]["properties"]["shareholders"] == {"minItems": 5}
    assert rules["individual_business"]["not"] == {"required": ["shareholders"]}
    partnership = rules["partnership"]["properties"]["name"]["properties"]["org_form"]["pattern"]
    assert matches(partnership, "中心（有限合伙）") and matches(partnership, "(普通合伙)")
    assert not matches(partnership, "有限公司")


def test_every_declared_refusal_is_json(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("4") or status == "429":
                    assert "application/json" in response.get("content", {}), (method, path, status)
    responses = spec["paths"]["/api/v1/applications"]["post"]["responses"]
    assert {"400", "409", "413", "415", "422", "429"} <= set(responses)
    assert "Retry-After" in responses["429"]["headers"]


@given(st.from_regex(r"1[0-9]{10}", fullmatch=True) | st.text(max_size=12))
def test_the_phone_pattern_is_the_server_s_check(phone):
    assert matches(MOBILE_PHONE, phone) == id_rules.is_mobile_phone(phone)


@given(st.from_regex(r"[0-9]{17}[0-9Xx]", fullmatch=True) | st.text(max_size=19))
def test_every_id_number_the_server_takes_has_the_published_shape(number):
    if id_rules.is_valid_id(number):
        assert matches(ID_NUMBER_SHAPE, number)
    if not matches(ID_NUMBER_SHAPE, number):
        assert not id_rules.is_valid_id(number)


@given(st.text(max_size=8))
def test_each_character_class_is_published_as_the_server_checks_it(text):
    for pattern in (characters.PERSON_NAME, characters.CONTACT_NAME, characters.ADDRESS,
                    characters.ENTERPRISE_NAME_PART, characters.IDEMPOTENCY_KEY):
        assert matches(pattern, text) == characters.allowed(pattern, text), (pattern, text)


def test_the_idempotency_key_class_is_what_is_printable_of_a_header_value():
    """WSGI hands a header value over decoded as Latin-1: every character is one of these 256."""
    for code in range(256):
        assert characters.allowed(characters.IDEMPOTENCY_KEY, chr(code)) == chr(code).isprintable(), hex(code)
