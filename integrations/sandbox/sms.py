"""Sandbox SMS gateway (短信网关): records every text it is asked to send, once per Idempotency-Key.

    POST /sms/messages {to, text}      → 201 {reference, sent_at}
    GET  /_sandbox/sms?phone=<phone>   → 200 {messages: [{to, text, sent_at}]}, newest first

The inbox is what tests (and ../shared/contract/check.py) read to find a signing link, a code
or a status text. A key seen before is answered with its first answer (a replay), so a message
retried after a timeout or a killed worker is in the inbox once. Magic inputs (README.md): the
number 19900000000 is 空号 (refused, not retried), 19900000001 times out on the first call per
key; 短信退回 / 短信超时 / 繁忙 / 慢速 in the text act as for every agency.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from flask import Blueprint, Response, jsonify, request

from app.rules.id_number import is_mobile_phone
from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, BadRequest, answer_post, refused, require, sandbox

AGENCY = "sms"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])
inbox = Blueprint("sandbox_sms", __name__, url_prefix="/_sandbox")

UNKNOWN_NUMBER = "19900000000"  # 空号: the gateway refuses, a retry will not help
SLOW_NUMBER = "19900000001"  # the first call per key outlasts the client's read timeout
MAX_TEXT_LENGTH = 500  # a long text goes out as several concatenated SMS; past this the gateway refuses
INBOX_LIMIT = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sms_messages (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    to_phone TEXT NOT NULL,
    text TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sms_by_phone ON sms_messages (to_phone, id);
"""


def initialise(db_path: str) -> None:
    """The gateway's table beside the agencies' state."""
    with store.transaction(db_path) as conn:
        for statement in filter(str.strip, _SCHEMA.split(";")):
            conn.execute(statement)


def _send(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "to", "text")
    to, text = body["to"], body["text"]
    if not isinstance(to, str) or not isinstance(text, str):
        raise BadRequest("to 与 text 须为字符串")
    if not is_mobile_phone(to):
        return refused("bad_number", f"“{to}”不是有效的手机号码")
    if to == UNKNOWN_NUMBER:
        return refused("unknown_number", "号码不存在（空号），短信无法送达")
    if len(text) > MAX_TEXT_LENGTH:
        return refused("too_long", f"短信内容超过{MAX_TEXT_LENGTH}字")
    reference = store.reference(conn, "DX")
    sent_at = store.now_iso()
    conn.execute(
        "INSERT INTO sms_messages (reference, idempotency_key, to_phone, text, sent_at) VALUES (?, ?, ?, ?, ?)",
        (reference, key, to, text, sent_at),
    )
    # Each text is its own effect: stats count texts sent, and a replay adds none.
    return Answer(201, {"reference": reference, "sent_at": sent_at}, reference, reference)


def _first_call(key: str) -> bool:
    with store.reading(sandbox().db_path) as conn:
        row = conn.execute("SELECT count FROM attempts WHERE agency = ? AND idempotency_key = ?", (AGENCY, key)).fetchone()
    return row is None


@blueprint.post("/messages")
def send() -> Response:
    """Send one text: {reference, sent_at}; a repeated key replays the first answer."""
    body = request.get_json(silent=True)
    key = request.headers.get("Idempotency-Key", "").strip()
    if isinstance(body, dict) and body.get("to") == SLOW_NUMBER and key and _first_call(key):
        # Like a gateway that delivers after the caller gave up: the retry gets the stored answer.
        time.sleep(sandbox().settings.snapshot()["SANDBOX_TIMEOUT_SECONDS"])
    return answer_post(AGENCY, _send)


@inbox.get("/sms")
def messages() -> Response:
    """What the gateway was asked to send (to one phone, or to anyone), newest first."""
    phone = request.args.get("phone")
    query = "SELECT to_phone, text, sent_at FROM sms_messages"
    arguments: tuple[str, ...] = ()
    if phone:
        query, arguments = query + " WHERE to_phone = ?", (phone,)
    with store.reading(sandbox().db_path) as conn:
        rows = conn.execute(query + " ORDER BY id DESC LIMIT ?", (*arguments, INBOX_LIMIT)).fetchall()
    return jsonify({"messages": [{"to": r["to_phone"], "text": r["text"], "sent_at": r["sent_at"]} for r in rows]})
