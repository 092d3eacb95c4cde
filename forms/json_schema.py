"""What the one form refuses beyond its single fields, said in JSON Schema for /api/v1/openapi.json.

The field-level facts (lengths, enums, character classes, the ID and phone shapes) come from the
marshmallow fields themselves (forms.schema, through apispec). What `ApplicationSchema`'s cross-field
rules and the name rules check is added here from the same constants the checks read, so a
schema-driven client builds only bodies the server takes:

- per entity type: the org forms the name rules accept and how many investors (forms.schema.INVESTORS);
- courier delivery needs recipient, phone and address, window delivery takes none;
- business scope from the catalogue, each phrase once; each seal kind once;
- the employer section (社保, 公积金) not for an entity type that registers neither (app.rules.employer),
  and the housing fund rate from 5 to 12 %;
- a trade name of 2 to 10 characters, with no forbidden word, that is no industry term alone; neither
  it nor the industry phrase may hold a forbidden word or a traditional or variant character (繁体字,
  异体字: the name rules refuse them, 规定 第五条).

Four rules no JSON Schema can state, so a body valid by this schema may still be answered 422 for
them (the 422 description says so): the contributions add up to the registered capital, no investor
is named twice (by ID number), the trade name and each backup trade name are no region's name, and
no backup trade name is the trade name itself (backups among themselves are `uniqueItems`).
"""

import re
from functools import cache
from typing import Any

from app.rules import catalogues
from app.rules import employer as employer_rules
from app.rules import names as name_rules
from app.rules.catalogues import name_lists
from forms import characters
from forms.schema import INVESTORS

BEYOND_JSON_SCHEMA = (
    "A body valid by this schema is still refused (422) when the contributions do not add up to "
    "registered_capital_yuan, when one investor is listed twice (the same id_number), when the "
    "trade name or a backup trade name is a region's name, or when a backup trade name is the trade "
    "name itself: rules no JSON Schema can state."
)


def _org_form(entity_type: str) -> dict:
    forms = {
        "llc": name_rules.LLC_FORMS,
        "sole_proprietorship": name_rules.SOLE_PROPRIETORSHIP_FORMS,
        "individual_business": name_rules.INDIVIDUAL_BUSINESS_FORMS,
        "cooperative": name_rules.COOPERATIVE_FORMS,
    }
    if entity_type in forms:
        return {"enum": sorted(forms[entity_type])}
    # 合伙企业: an org form (or none) with 普通合伙/有限合伙/特殊普通合伙 in brackets of either width.
    stems = "|".join(sorted(form for form in name_rules.PARTNERSHIP_FORMS if form))
    marks = "|".join(mark[1:-1] for mark in name_rules.PARTNERSHIP_MARKS)
    return {"pattern": f"^(?:{stems})?[（(](?:{marks})[）)]$"}


def entity_type_rules() -> list[dict]:
    """One alternative per entity type: its org forms and its investors (none, or how many)."""
    alternatives = []
    for entity_type, bounds in INVESTORS.items():
        alternative: dict[str, Any] = {"properties": {
            "entity_type": {"enum": [entity_type]},
            "name": {"properties": {"org_form": _org_form(entity_type)}},
        }}
        if not employer_rules.employer_steps(entity_type):
            alternative["properties"]["employer"] = {"not": {}}  # present at all: refused
        if bounds is None:
            alternative["not"] = {"required": ["shareholders"]}
        else:
            fewest, most = bounds
            alternative["required"] = ["shareholders"]
            alternative["properties"]["shareholders"] = {"minItems": fewest} | ({"maxItems": most} if most else {})
        alternatives.append(alternative)
    return alternatives


@cache
def refused_in_names() -> str:
    """A pattern matching what the name rules refuse anywhere in a trade name or industry phrase:
    a forbidden word, or one character that is not 规范汉字 (as the rules themselves tell it)."""
    words = "|".join(re.escape(word) for word in sorted(name_lists.forbidden_words()))
    non_standard = "".join(chr(code) for low, high in characters.ENTERPRISE_IDEOGRAPH_RANGES
                           for code in range(low, high + 1) if name_rules.traditional_characters(chr(code)))
    return f"{words}|[{non_standard}]"


def add_form_rules(schemas: dict[str, dict]) -> None:
    """Add the cross-field rules to the components apispec made from ApplicationSchema (in place)."""
    application, name, delivery = schemas["Application"], schemas["Name"], schemas["Delivery"]
    application["anyOf"] = entity_type_rules()
    application["description"] = BEYOND_JSON_SCHEMA
    properties = application["properties"]
    properties["business_scope"]["items"]["enum"] = [phrase for _, phrase in catalogues.business_scope()]
    properties["business_scope"]["uniqueItems"] = True
    properties["seals"]["uniqueItems"] = True

    nothing_refused = {"not": {"pattern": refused_in_names()}}
    name["properties"]["trade_name"] |= {
        "minLength": name_rules.TRADE_NAME_MIN, "maxLength": name_rules.TRADE_NAME_MAX,
        "allOf": [nothing_refused, {"not": {"enum": sorted(catalogues.industry_terms())}}]}
    name["properties"]["industry"] |= nothing_refused
    # 备选字号: each item as the trade name (the schema's field gave its type, length and characters).
    backups = name["properties"]["backup_trade_names"]
    backups["items"] |= {key: name["properties"]["trade_name"][key] for key in ("minLength", "maxLength", "allOf")}
    backups["uniqueItems"] = True

    schemas["Employer"]["properties"]["housing_fund_rate_percent"] |= {
        "minimum": employer_rules.LOWEST_RATE_PERCENT, "maximum": employer_rules.HIGHEST_RATE_PERCENT}

    delivery["anyOf"] = [
        {"properties": {"method": {"enum": ["courier"]}}, "required": ["recipient", "phone", "address"]},
        {"properties": {"method": {"enum": ["window"]}}, "maxProperties": 1},
    ]
