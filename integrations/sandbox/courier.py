"""Sandbox courier (证照邮寄): books pickups under unique waybill numbers and tracks them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import Blueprint, Response

from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, BadRequest, answer_post, answer_record, require

AGENCY = "courier"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

_PARTY_FIELDS = ("name", "phone", "address")


def _book(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "application_number", "sender", "recipient")
    for party in ("sender", "recipient"):
        details = body[party]
        if not isinstance(details, dict) or any(not details.get(field) for field in _PARTY_FIELDS):
            raise BadRequest(f"{party} 须包含 name、phone、address")
    waybill_number = "SF" + f"{store.next_serial(conn, 'waybill', 10**12):012d}"
    booked_at = store.now_iso()
    record = {
        **body,
        "waybill_number": waybill_number,
        "booked_at": booked_at,
        "status": "booked",
        "events": [{"at": booked_at, "status": "booked", "description": "已下单，等待揽收"}],
    }
    conn.execute(
        "INSERT INTO waybills (waybill_number, application_number, record) VALUES (?, ?, ?)",
        (waybill_number, body["application_number"], json.dumps(record, ensure_ascii=False)),
    )
    return Answer(201, {"waybill_number": waybill_number, "booked_at": booked_at}, body["application_number"], waybill_number)


@blueprint.post("/waybills")
def book() -> Response:
    """Book a pickup: {waybill_number, booked_at}."""
    return answer_post(AGENCY, _book)


@blueprint.get("/waybills/<waybill_number>")
def track(waybill_number: str) -> Response:
    """Where a waybill is: {waybill_number, status, booked_at, events}."""

    def find(conn: sqlite3.Connection) -> dict[str, Any] | None:
        row = conn.execute("SELECT record FROM waybills WHERE waybill_number = ?", (waybill_number,)).fetchone()
        if row is None:
            return None
        record = json.loads(row["record"])
        return {field: record[field] for field in ("waybill_number", "status", "booked_at", "events")}

    return answer_record(AGENCY, find, f"运单号“{waybill_number}”不存在")
