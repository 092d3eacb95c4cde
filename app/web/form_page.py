"""What the one-form page needs to render: typed values, errors by field, and the closed lists."""

import re
from dataclasses import dataclass, field
from itertools import groupby

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.rules import catalogues
from app.rules.regions import county_name
from app.vocabulary import (
    DELIVERY_LABELS,
    ENTITY_TYPE_LABELS,
    FIELD_LABELS,
    INVOICE_TYPE_LABELS,
    SEAL_LABELS,
    SHAREHOLDER_LABELS,
    TAXPAYER_TYPE_LABELS,
)
from forms.choices import BANKS, HOUSING_FUND_RATE_OPTIONS, TYPES_WITH_EMPLOYER
from forms.html import TYPES_WITH_SHAREHOLDERS
from seals.grants import GRANT_ORDER, free_kinds

# Errors on a list's items are shown once, beside the list.
_LIST_ITEM = re.compile(r"(business_scope|seals|tax\.invoice_types)\.\d+")
_SHAREHOLDER_ROW = re.compile(r"shareholders\.(\d{1,2})\.")  # as in form_data: at most 100 rows
# Where an error on a group of options takes the reader: its first option (GOV.UK habit).
FIRST_OPTION = {
    "entity_type": "entity_type-llc",
    "business_scope": "business_scope-0",
    "shareholders": "shareholders-0-name",
    "tax.taxpayer_type": "tax-taxpayer_type-small_scale",
    "tax.invoice_types": "tax-invoice_types-vat_ordinary",
    "seals": "seals-official",
    "delivery.method": "delivery-method-window",
}
_SHAREHOLDER_FIELD = re.compile(r"shareholders\.(\d+)\.(\w+)")
# The two 改革方式 of the 证照分离 list that leave a permit to obtain (国发〔2021〕7号), in words.
ROUTE_LABELS = {"告知承诺": _l("告知承诺"), "审批": _l("审批")}
# Fields in the order the page shows them (templates/public/form.html): the error summary lists
# problems in this order, as a person reads down the page; a section's own key comes before its fields.
PAGE_ORDER = ("form", "entity_type", "name", "name.region", "name.trade_name", "name.industry", "name.org_form",
              "name.backup_trade_names", "registered_capital_yuan", "address", "business_scope",
              "legal_representative", "legal_representative.name", "legal_representative.id_number",
              "legal_representative.phone", "shareholders", "tax", "tax.taxpayer_type", "tax.invoice_types",
              "tax.monthly_invoice_quota", "seals", "bank", "bank.bank",
              # 社保和公积金: not on the page yet (FIELD_LABELS has it); placed after the bank until it is
              "employer", "employer.employees_at_start", "employer.first_payroll_month",
              "employer.housing_fund_rate_percent", "delivery", "delivery.method",
              "delivery.recipient", "delivery.phone", "delivery.address", "contact", "contact.name",
              "contact.phone", "contact.email", "employer", "employer.employees_at_start",
              "employer.first_payroll_month", "employer.housing_fund_rate_percent")
_PAGE_POSITION = {key: position for position, key in enumerate(PAGE_ORDER)}
_ROW_FIELDS = tuple(SHAREHOLDER_LABELS)  # a shareholder row's fields, in the row's order
ORG_FORM_SUGGESTIONS = ("有限公司", "有限责任公司", "中心（有限合伙）", "中心（普通合伙）", "工作室", "商行",
                        "经营部", "店", "专业合作社")


def field_key(path: str) -> str:
    """The field an error path belongs to ("business_scope.3" → "business_scope")."""
    match = _LIST_ITEM.fullmatch(path)
    if match:
        return match.group(1)
    return path if path and path != "_" else "form"


def field_label(path: str) -> str:
    """The field's name as the summary shows it; empty for a problem with the form as a whole."""
    key = field_key(path)
    match = _SHAREHOLDER_FIELD.fullmatch(key)
    if match:
        index, name = match.groups()
        return _("第%(n)d名股东·%(field)s", n=int(index) + 1, field=SHAREHOLDER_LABELS.get(name, name))
    return str(FIELD_LABELS.get(key, ""))


def field_id(path: str) -> str:
    """The HTML id of the element to focus for a field path."""
    key = field_key(path)
    return FIRST_OPTION.get(key, key.replace(".", "-"))


def page_position(path: str) -> tuple[int, ...]:
    """Where a field's error sits on the page: its field's place, then the row and the field in a row
    ("shareholders.1.phone" after "shareholders.1.name", before "shareholders.2.name")."""
    parts = field_key(path).split(".")
    for length in range(len(parts), 0, -1):
        position = _PAGE_POSITION.get(".".join(parts[:length]))
        if position is not None:
            rest = parts[length:]
            return (position, *(int(part) if part.isdigit() else
                                _ROW_FIELDS.index(part) if part in _ROW_FIELDS else len(_ROW_FIELDS) for part in rest))
    return (len(PAGE_ORDER),)


@dataclass
class FormState:
    """The values as typed and the schema's messages, looked up by dotted path in templates."""

    values: MultiDict
    errors: dict[str, list[str]] = field(default_factory=dict)
    extra_rows: int = 0
    fresh: bool = False

    def value(self, path: str) -> str:
        return self.values.get(path, "")

    def checked(self, path: str, option: str) -> bool:
        if self.fresh and path == "seals":  # a fresh form offers the seals the centre pays for
            return option in free_kinds(current_app.config["FREE_SEALS"])
        return option in self.values.getlist(path)

    def errors_for(self, path: str) -> list[str]:
        return [message for key, messages in self.errors.items() if field_key(key) == path for message in messages]

    def summary(self) -> list[tuple[str, str, str]]:
        """(element id, field name, message) for the error summary, in the order of the page."""
        ordered = sorted(self.errors.items(), key=lambda entry: page_position(entry[0]))
        return [(field_id(path), field_label(path), message) for path, messages in ordered for message in messages]

    def shareholder_rows(self) -> int:
        indexes = [int(m.group(1)) for key in self.values.keys() if (m := _SHAREHOLDER_ROW.match(key))]
        return max(max(indexes, default=-1) + 1, 1) + self.extra_rows

    def shows_shareholders(self) -> bool:
        """Shown unless a type that takes none is chosen (without JS they always show)."""
        chosen = self.value("entity_type")
        return not chosen or chosen in TYPES_WITH_SHAREHOLDERS


def scope_groups() -> list[tuple[str, list[tuple[int, catalogues.ScopeItem]]]]:
    """Business-scope items (numbered for their ids; a 许可项目 with its permit) by category."""
    numbered = enumerate(catalogues.scope_items())
    return [(category, list(items)) for category, items in groupby(numbered, key=lambda pair: pair[1].category)]


def options(labels: dict) -> list[tuple[str, str, None]]:
    """(value, label, tag) triples for a group of radios or checkboxes."""
    return [(value, str(label), None) for value, label in labels.items()]


def seal_options(free_count: int) -> list[tuple[str, str, tuple[str, str]]]:
    """Seals in grant order; those the centre pays for (零费用) are marked free, the rest paid."""
    free = free_kinds(free_count)
    return [(kind.value, str(SEAL_LABELS[kind.value]), ("free", _("免费")) if kind.value in free else ("paid", _("自费")))
            for kind in GRANT_ORDER]


def choices() -> dict:
    free = current_app.config["FREE_SEALS"]
    return {
        "entity_types": options(ENTITY_TYPE_LABELS), "taxpayer_types": options(TAXPAYER_TYPE_LABELS),
        "invoice_types": options(INVOICE_TYPE_LABELS), "delivery": options(DELIVERY_LABELS),
        "banks": [(bank, bank) for bank in BANKS], "seals": seal_options(free), "free_seals": free,
        "scope_groups": scope_groups(), "route_labels": ROUTE_LABELS, "org_forms": ORG_FORM_SUGGESTIONS,
        "home_region": county_name(current_app.config["CENTRE_REGION_CODE"]) or "",
        "types_with_shareholders": TYPES_WITH_SHAREHOLDERS,
        "types_with_employer": TYPES_WITH_EMPLOYER, "housing_fund_rates": HOUSING_FUND_RATE_OPTIONS,
        "labels": FIELD_LABELS, "shareholder_labels": SHAREHOLDER_LABELS,
    }
