"""Sandbox tax registration (税务登记、发票申领): the taxpayer id is the credit code."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import Blueprint, Response

from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, BadRequest, answer_post, refused, require
from integrations.sandbox.offices import tax_office
from integrations.sandbox.registration import unregistered

AGENCY = "tax"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

TAXPAYER_TYPES = frozenset({"small_scale", "general"})


def _register(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "application_number", "uscc", "company_name", "taxpayer_type")
    quota = body.get("monthly_invoice_quota", 0)
    invoice_types = body.get("invoice_types") or []
    if not isinstance(quota, int) or isinstance(quota, bool) or quota < 0 or not isinstance(invoice_types, list):
        raise BadRequest("monthly_invoice_quota 须为非负整数，invoice_types 须为列表")
    if body["taxpayer_type"] not in TAXPAYER_TYPES:
        return refused("bad_taxpayer_type", f"纳税人类型“{body['taxpayer_type']}”不正确，应为小规模纳税人或一般纳税人")
    refusal = unregistered(conn, body["uscc"])
    if refusal:
        return refusal

    reference = store.reference(conn, "SW")
    answer = {
        "reference": reference,
        "taxpayer_id": body["uscc"],
        "tax_office": tax_office(body["uscc"][2:8]),
        "taxpayer_type": body["taxpayer_type"],
        "invoice_types": invoice_types,
        "monthly_invoice_quota": quota,
    }
    conn.execute(
        "INSERT INTO tax_registrations (reference, taxpayer_id, application_number, record) VALUES (?, ?, ?, ?)",
        (reference, body["uscc"], body["application_number"], json.dumps({**body, **answer}, ensure_ascii=False)),
    )
    return Answer(201, answer, body["application_number"], reference)


@blueprint.post("/registrations")
def register() -> Response:
    """Register a taxpayer and grant the first invoices."""
    return answer_post(AGENCY, _register)
