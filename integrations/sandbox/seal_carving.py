"""Sandbox seal carving (公章刻制): files seal orders and gives each seal its 13-digit code."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import Blueprint, Response

from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, BadRequest, answer_post, refused, require
from integrations.sandbox.offices import seal_shop
from integrations.sandbox.registration import unregistered

AGENCY = "seal_carving"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

SEAL_KINDS = frozenset({"official", "finance", "invoice", "legal_rep", "contract"})


def _order(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "application_number", "uscc", "company_name", "seals")
    kinds = body["seals"]
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        raise BadRequest("seals 须为印章种类的列表")
    unknown = sorted(set(kinds) - SEAL_KINDS)
    if unknown:
        return refused("bad_seal_kind", "不能刻制的印章种类：" + "、".join(unknown))
    refusal = unregistered(conn, body["uscc"])
    if refusal:
        return refusal

    region_code = body["uscc"][2:8]
    reference = store.reference(conn, "KZ")
    # Seal code (印章编码): the region code and a 7-digit serial within that region.
    seal_codes = {
        kind: region_code + f"{store.next_serial(conn, f'seal:{region_code}', 10**7):07d}"
        for kind in dict.fromkeys(kinds)
    }
    answer = {"reference": reference, "seal_codes": seal_codes, "shop": seal_shop(region_code)}
    conn.execute(
        "INSERT INTO seal_orders (reference, uscc, application_number, record) VALUES (?, ?, ?, ?)",
        (reference, body["uscc"], body["application_number"], json.dumps({**body, **answer}, ensure_ascii=False)),
    )
    conn.executemany(
        "INSERT INTO seal_codes (seal_code, order_reference, kind) VALUES (?, ?, ?)",
        [(code, reference, kind) for kind, code in seal_codes.items()],
    )
    return Answer(201, answer, body["application_number"], reference)


@blueprint.post("/orders")
def order() -> Response:
    """Order seals: {reference, seal_codes: {kind: code}, shop}."""
    return answer_post(AGENCY, _order)
