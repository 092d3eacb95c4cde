"""The HTML form's fields (dotted API paths) → the API's JSON payload, for the one schema to judge.

Nothing is validated here: values that do not parse are passed on as typed, so the schema
reports them in the same words the API uses.
"""

import re

from werkzeug.datastructures import MultiDict

from forms.choices import TYPES_WITH_EMPLOYER

# Sections every application has; kept even when empty so each missing field gets its own message.
TEXT_SECTIONS: dict[str, tuple[str, ...]] = {
    "name": ("region", "trade_name", "industry", "org_form"),
    "legal_representative": ("name", "id_number", "phone"),
    "bank": ("bank",),
    "contact": ("name", "phone", "email"),
}
SHAREHOLDER_FIELDS = ("name", "id_number", "contribution_yuan", "phone")
COURIER_FIELDS = ("recipient", "phone", "address")
EMPLOYER_FIELDS = ("employees_at_start", "first_payroll_month", "housing_fund_rate_percent")
# 股东/出资人 apply to these entity types only (forms.schema.INVESTORS has the numbers).
TYPES_WITH_SHAREHOLDERS = ("llc", "partnership", "cooperative")

_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,15}")  # longer is no amount of yuan: the schema refuses it
BACKUP_TRADE_NAMES = "name.backup_trade_names"
_BACKUP_KEY = re.compile(r"name\.backup_trade_names\.(\d)")  # the form has four; the schema refuses a fifth
_SHAREHOLDER_KEY = re.compile(r"shareholders\.(\d{1,2})\.(\w+)")  # at most 100 rows (the schema allows 50)


def text_value(form: MultiDict, key: str) -> str:
    return (form.get(key) or "").strip()


def whole_number(value: str) -> int | str:
    """An integer where the text is one (thousands separators allowed), else the text itself."""
    compact = re.sub(r"[,，\s]", "", value)
    return int(compact) if _WHOLE_NUMBER.fullmatch(compact) else value


def filled(form: MultiDict, prefix: str, keys: tuple[str, ...]) -> dict:
    """The section's non-empty fields (an empty field is left out: the schema says "必填项")."""
    section = {}
    for key in keys:
        value = text_value(form, f"{prefix}.{key}")
        if value:
            section[key] = value
    return section


def chosen(form: MultiDict, key: str) -> list[str]:
    return [value.strip() for value in form.getlist(key) if value and value.strip()]


def shareholder_rows(form: MultiDict) -> list[dict]:
    """Rows in index order; a row left wholly empty is dropped (that is how a row is removed without JS)."""
    indexes = sorted({int(match.group(1)) for key in form.keys()
                      if (match := _SHAREHOLDER_KEY.fullmatch(key)) and match.group(2) in SHAREHOLDER_FIELDS})
    rows = []
    for index in indexes:
        row = filled(form, f"shareholders.{index}", SHAREHOLDER_FIELDS)
        if "contribution_yuan" in row:
            row["contribution_yuan"] = whole_number(row["contribution_yuan"])
        if row:
            rows.append(row)
    return rows


def delivery_section(form: MultiDict) -> dict:
    method = text_value(form, "delivery.method")
    if not method:
        return {}
    section = {"method": method}
    if method == "courier":  # the address fields are hidden, and ignored, for the window
        section |= filled(form, "delivery", COURIER_FIELDS)
    return section


def tax_section(form: MultiDict) -> dict:
    section: dict = filled(form, "tax", ("taxpayer_type",))
    section["invoice_types"] = chosen(form, "tax.invoice_types")
    quota = text_value(form, "tax.monthly_invoice_quota")
    if quota:
        section["monthly_invoice_quota"] = whole_number(quota)
    return section


def employer_section(form: MultiDict) -> dict:
    """社保和公积金: what was filled in (the schema and app.rules.employer default the rest)."""
    section = filled(form, "employer", EMPLOYER_FIELDS)
    for key in ("employees_at_start", "housing_fund_rate_percent"):
        if key in section:
            section[key] = whole_number(section[key])
    return section


def backup_trade_names(form: MultiDict) -> list[str]:
    """备选字号 in order: the form's numbered inputs (name.backup_trade_names.0 … .3), or the name
    repeated; empty inputs are left out (the applicant may fill the second and leave the first)."""
    numbered = sorted((int(match.group(1)), key) for key in form.keys()
                      if (match := _BACKUP_KEY.fullmatch(key)))
    typed = [value for _, key in numbered for value in form.getlist(key)] + form.getlist(BACKUP_TRADE_NAMES)
    return [value.strip() for value in typed if value and value.strip()]


def name_section(form: MultiDict) -> dict:
    section = filled(form, "name", TEXT_SECTIONS["name"])
    backups = backup_trade_names(form)
    if backups:
        section["backup_trade_names"] = backups
    return section


def form_to_payload(form: MultiDict) -> dict:
    """The posted one form, in exactly the shape POST /api/v1/applications takes."""
    payload: dict = {"name": name_section(form)}
    entity_type = text_value(form, "entity_type")
    if entity_type:
        payload["entity_type"] = entity_type
    capital = text_value(form, "registered_capital_yuan")
    if capital:
        payload["registered_capital_yuan"] = whole_number(capital)
    address = text_value(form, "address")
    if address:
        payload["address"] = address
    payload["business_scope"] = chosen(form, "business_scope")
    payload["legal_representative"] = filled(form, "legal_representative", TEXT_SECTIONS["legal_representative"])
    if entity_type in TYPES_WITH_SHAREHOLDERS or not entity_type:
        rows = shareholder_rows(form)
        if rows:
            payload["shareholders"] = rows
    payload["tax"] = tax_section(form)
    payload["seals"] = chosen(form, "seals")
    payload["bank"] = filled(form, "bank", TEXT_SECTIONS["bank"])
    if entity_type in TYPES_WITH_EMPLOYER or not entity_type:  # 个体工商户: hidden, and not sent
        employer = employer_section(form)
        if employer:
            payload["employer"] = employer
    payload["delivery"] = delivery_section(form)
    payload["contact"] = filled(form, "contact", TEXT_SECTIONS["contact"])
    return payload
