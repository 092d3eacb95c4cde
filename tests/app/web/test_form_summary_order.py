"""The error summary lists problems in the order of the page (issue 11), whatever order the schema found them in."""

from werkzeug.datastructures import MultiDict

from app.vocabulary import FIELD_LABELS
from app.web.form_page import PAGE_ORDER, FormState, page_position


def test_every_labelled_field_has_its_place_on_the_page():
    for key in FIELD_LABELS:
        assert page_position(key)[0] < len(PAGE_ORDER), key


def test_shareholder_rows_in_order_and_fields_in_the_order_of_a_row():
    paths = ["shareholders.10.name", "shareholders.1.phone", "shareholders", "shareholders.1.name",
             "shareholders.2.id_number", "tax.taxpayer_type", "legal_representative.phone", "name.backup_trade_names.2",
             "name.backup_trade_names.0", "business_scope.3", "_", "entity_type"]
    assert sorted(paths, key=page_position) == [
        "_", "entity_type", "name.backup_trade_names.0", "name.backup_trade_names.2", "business_scope.3",
        "legal_representative.phone", "shareholders", "shareholders.1.name", "shareholders.1.phone",
        "shareholders.2.id_number", "shareholders.10.name", "tax.taxpayer_type"]


def test_the_summary_follows_the_page_not_the_schema(app):
    errors = {"contact.phone": ["c"], "name.trade_name": ["b"], "entity_type": ["a"], "shareholders.0.name": ["d"]}
    with app.test_request_context():
        summary = FormState(MultiDict(), errors).summary()
    assert [message for _, _, message in summary] == ["a", "b", "d", "c"]
    assert [anchor for anchor, _, _ in summary] == ["entity_type-llc", "name-trade_name", "shareholders-0-name",
                                                    "contact-phone"]
