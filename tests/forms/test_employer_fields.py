"""社保和公积金 in the one form: optional, with a founder's defaults; the rate within 5–12 %; refused for an
individual business; published in the OpenAPI schema from the same rules; and the page's fields."""

import re
from datetime import date

import pytest
from flask import render_template_string
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.rules import employer
from app.web.form_page import FormState, choices
from forms.choices import HOUSING_FUND_RATE_OPTIONS, TYPES_WITH_EMPLOYER
from forms.html import form_to_payload
from forms.schema import validate_application
from tests.factories import EXAMPLE, as_form, example_payload


def individual_business(**changes) -> dict:
    payload = example_payload(entity_type="individual_business", **changes)
    payload["name"]["org_form"] = "店"
    payload.pop("shareholders")
    return payload


@given(st.integers(-5, 20))
def test_the_rate_is_a_whole_percent_from_5_to_12(rate):
    """住房公积金管理条例 第十八条 (no less than 5 %), 建金〔2016〕74号 (no more than 12 %)."""
    assert employer.is_allowed_rate(rate) == (5 <= rate <= 12)


def test_a_rate_that_is_not_a_whole_number_is_not_allowed():
    assert not any(employer.is_allowed_rate(value) for value in (True, 7.5, "8", None))


@pytest.mark.parametrize(("asked", "filed"), [(None, "2026-12"), ("2026-11", "2026-12"), ("2026-12", "2026-12"),
                                              ("2027-02", "2027-02"), ("2026-1", "2026-12")])
def test_the_payroll_month_filed_is_never_before_the_unit_is_registered(asked, filed):
    assert employer.payroll_month_filed(asked, date(2026, 12, 3)) == filed


def test_only_an_individual_business_registers_neither():
    assert employer.employer_steps("individual_business") == ()
    assert set(TYPES_WITH_EMPLOYER) == {"llc", "sole_proprietorship", "partnership", "cooperative"}
    assert all(employer.employer_steps(t) == ("social_insurance", "housing_fund") for t in TYPES_WITH_EMPLOYER)


def test_the_api_example_needs_no_employer_section_and_the_defaults_are_a_founder_s(app):
    with app.test_request_context():
        data, errors = validate_application(example_payload())
    assert errors == {} and "employer" not in data
    facts = employer.employer_facts(data.get("employer"))
    assert (facts.employees_at_start, facts.first_payroll_month, facts.housing_fund_rate_percent) == (0, None, 5)


def test_every_problem_of_the_section_is_said_at_its_field(app):
    with app.test_request_context():
        _, errors = validate_application(example_payload(employer={
            "employees_at_start": -1, "first_payroll_month": "2026/12", "housing_fund_rate_percent": 13}))
        _, unknown = validate_application(example_payload(employer={"social_insurance_base_yuan": 5000}))
    assert set(errors) == {"employer.employees_at_start", "employer.first_payroll_month",
                           "employer.housing_fund_rate_percent"}
    assert "5%到12%" in errors["employer.housing_fund_rate_percent"][0]
    assert "2026-12" in errors["employer.first_payroll_month"][0]
    assert "employer.social_insurance_base_yuan" in unknown


def test_an_individual_business_is_not_asked_and_the_section_is_refused(app):
    with app.test_request_context():
        assert validate_application(individual_business())[1] == {}
        _, errors = validate_application(individual_business(employer={"employees_at_start": 0}))
    assert list(errors) == ["employer"] and "个体工商户" in errors["employer"][0]


def test_the_english_messages_are_translated(app):
    with app.test_request_context("/?lang=en"):
        _, errors = validate_application(example_payload(employer={"housing_fund_rate_percent": 4}))
    message = errors["employer.housing_fund_rate_percent"][0]
    assert message.isascii() and "5%" in message and "12%" in message


def test_openapi_publishes_the_rules_the_server_holds(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    section = schemas["Employer"]
    assert section["additionalProperties"] is False and "required" not in section
    rate = section["properties"]["housing_fund_rate_percent"]
    assert (rate["type"], rate["minimum"], rate["maximum"]) == ("integer", 5, 12)
    assert section["properties"]["first_payroll_month"]["pattern"] == employer.PAYROLL_MONTH_PATTERN
    assert section["properties"]["employees_at_start"]["minimum"] == 0
    by_type = {a["properties"]["entity_type"]["enum"][0]: a for a in schemas["Application"]["anyOf"]}
    assert by_type["individual_business"]["properties"]["employer"] == {"not": {}}
    assert all("employer" not in by_type[t]["properties"] for t in TYPES_WITH_EMPLOYER)


def page_choices() -> dict:
    """The page's choices, with the two the section reads (app/web/form_page.py adds them)."""
    return choices() | {"types_with_employer": TYPES_WITH_EMPLOYER, "housing_fund_rates": HOUSING_FUND_RATE_OPTIONS}


PARTIAL = '{% set section_number = 12 %}{% include "public/_employer_fields.html" %}'


def test_the_section_offers_a_founder_s_defaults_with_a_label_for_every_field(app):
    with app.test_request_context():
        html = render_template_string(PARTIAL, form=FormState(MultiDict(), fresh=True), choices=page_choices())
    assert 'id="employer-employees_at_start"' in html and 'value="0"' in html
    assert 'for="employer-first_payroll_month"' in html and 'type="month"' in html
    options = [f'<option value="{rate}"' for rate in range(5, 13)]
    assert all(option in html for option in options) and '<option value="4"' not in html
    assert "在5%到12%之间" in html
    assert 'data-show-for="llc sole_proprietorship partnership cooperative"' in html
    assert not re.search(r'<section[^>]*\shidden>', html)


def test_the_section_is_hidden_for_an_individual_business_and_keeps_what_was_typed(app):
    with app.test_request_context():
        chosen = MultiDict({"entity_type": "individual_business"})
        hidden = render_template_string(PARTIAL, form=FormState(chosen), choices=page_choices())
        typed = MultiDict({"entity_type": "llc", "employer.employees_at_start": "七",
                           "employer.housing_fund_rate_percent": "12"})
        shown = render_template_string(PARTIAL, form=FormState(typed, errors={
            "employer.employees_at_start": ["请填写整数人数，尚未招用职工填0"]}), choices=page_choices())
    assert re.search(r'<section[^>]*id="employer-section"[^>]*\shidden>', hidden)
    assert 'value="七"' in shown and "请填写整数人数" in shown and '<option value="12" selected>' in shown


def test_the_posted_section_becomes_the_api_s_and_is_dropped_for_an_individual_business():
    """(needs forms/html.py's employer section)"""
    payload = EXAMPLE | {"employer": {"employees_at_start": 2, "first_payroll_month": "2027-01",
                                      "housing_fund_rate_percent": 8}}
    assert form_to_payload(as_form(payload)) == payload
    form = as_form(individual_business(employer={"employees_at_start": 0}))
    assert "employer" not in form_to_payload(form)
