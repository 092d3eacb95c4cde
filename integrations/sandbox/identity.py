"""Sandbox identity provider (实名核验): a name, an ID number and a phone checked together.

It has no population register, so it matches everyone whose ID number is well formed, except
the magic inputs: a name containing 冒名 never matches (identity misuse, the case registries
fight most), and 核验超时 / 核验退回 / 繁忙 / 慢速 behave as for every agency (README.md).

Liveness (活体检测), for centres that ask for it: `POST /identity/liveness {reference, return_url?}`
opens a session for a passed check and answers the address of the sandbox's page
`/_sandbox/liveness/<session>`, where a tester presses 通过 or 不通过 (once); the page then sends
the browser to `return_url`. `GET /identity/liveness/<session>` says pending, passed or failed.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, request

from app.rules.id_number import is_valid_id
from app.timefmt import SHANGHAI
from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import (
    Answer,
    BadRequest,
    answer_post,
    answer_record,
    refused,
    require,
    sandbox,
)

AGENCY = "identity"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

MISUSE_WORD = "冒名"
MISMATCH_REASON = "实名核验未通过：姓名、身份证件号码与手机号码不属于同一人"
LIVENESS_PAGE = "/_sandbox/liveness/"
PENDING, PASSED, FAILED = "pending", "passed", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS liveness_sessions (
    session TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    return_url TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    decided_at TEXT
)
"""


@blueprint.record_once
def _set_up(state: Any) -> None:
    """The liveness table beside the agencies' state, and the tester's page outside /identity."""
    with store.transaction(state.app.config["SANDBOX_DB"]) as conn:
        conn.execute(_SCHEMA)
    state.app.add_url_rule(LIVENESS_PAGE + "<session>", "liveness_page", liveness_page, methods=["GET"])
    state.app.add_url_rule(LIVENESS_PAGE + "<session>", "liveness_decide", liveness_decide, methods=["POST"])


def _verify(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "name", "id_number", "phone")
    # No population register here: every well-formed ID number "exists".
    if MISUSE_WORD in body["name"] or not is_valid_id(str(body["id_number"])):
        return refused("mismatch", MISMATCH_REASON)
    checked_at = datetime.now(SHANGHAI).isoformat(timespec="seconds")
    return Answer(200, {"reference": store.reference(conn, "SM"), "match": True, "checked_at": checked_at})


@blueprint.post("/verifications")
def verify() -> Response:
    """{name, id_number, phone} → 200 {reference, match, checked_at} or 422 {code: mismatch, reason}."""
    return answer_post(AGENCY, _verify)


def _open_liveness(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "reference")
    reference, return_url = str(body["reference"]), body.get("return_url") or ""
    if not isinstance(return_url, str) or (return_url and urlsplit(return_url).scheme not in ("http", "https")):
        raise BadRequest("return_url 须为 http 或 https 地址")
    checked = conn.execute("SELECT 1 FROM answers WHERE agency = ? AND status = 200 AND "
                           "json_extract(body, '$.reference') = ?", (AGENCY, reference)).fetchone()
    if checked is None:
        return refused("unknown_reference", f"未找到实名核验记录“{reference}”，请先完成实名核验")
    session = secrets.token_urlsafe(16)
    conn.execute("INSERT INTO liveness_sessions (session, reference, return_url, status, opened_at) "
                 "VALUES (?, ?, ?, ?, ?)", (session, reference, return_url, PENDING, store.now_iso()))
    return Answer(201, {"session": session, "url": request.host_url.rstrip("/") + LIVENESS_PAGE + session})


@blueprint.post("/liveness")
def open_liveness() -> Response:
    """{reference, return_url?} → 201 {session, url}: the page where the party is checked."""
    return answer_post(AGENCY, _open_liveness)


@blueprint.get("/liveness/<session>")
def liveness_result(session: str) -> Response:
    """{session, reference, status: pending|passed|failed, decided_at}, or 404."""

    def find(conn: sqlite3.Connection) -> dict[str, Any] | None:
        row = conn.execute("SELECT * FROM liveness_sessions WHERE session = ?", (session,)).fetchone()
        return None if row is None else {"session": session, "reference": row["reference"],
                                         "status": row["status"], "decided_at": row["decided_at"]}

    return answer_record(AGENCY, find, "未找到该活体检测")


def _html(title: str, body: str, status: int = 200) -> Response:
    page = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>'
            'body{font-family:sans-serif;max-width:30em;margin:2em auto;padding:0 1em}'
            'button{font-size:1.2em;padding:.6em 1.6em;margin:.4em}</style></head>'
            f'<body><h1>{escape(title)}</h1>{body}</body></html>')
    return Response(page, status, mimetype="text/html")


def liveness_page(session: str) -> Response:
    """The tester's stand-in for a face check: 通过 or 不通过."""
    with store.reading(sandbox().db_path) as conn:
        row = conn.execute("SELECT status FROM liveness_sessions WHERE session = ?", (session,)).fetchone()
    if row is None:
        return _html("未找到该活体检测", "<p>链接有误或已失效。</p>", 404)
    if row["status"] != PENDING:
        return _html("活体检测已完成", f"<p id=\"liveness-status\">结果：{escape(row['status'])}。</p>")
    return _html("活体检测（沙箱）", '<p>沙箱不采集人脸：请测试人员选择本次检测的结果。</p>'
                 '<form method="post"><button name="result" value="passed" id="liveness-pass">通过</button>'
                 '<button name="result" value="failed" id="liveness-fail">不通过</button></form>')


def liveness_decide(session: str) -> Response:
    """Record the tester's choice once, then back to the return address (if any)."""
    result = request.form.get("result")
    if result not in (PASSED, FAILED):
        return _html("请选择结果", "<p>请选择“通过”或“不通过”。</p>", 400)
    with store.transaction(sandbox().db_path) as conn:
        row = conn.execute("SELECT status, return_url FROM liveness_sessions WHERE session = ?", (session,)).fetchone()
        if row is None:
            return _html("未找到该活体检测", "<p>链接有误或已失效。</p>", 404)
        if row["status"] != PENDING:
            return _html("活体检测已完成", "<p>本次检测已有结果，不能更改。</p>", 409)
        conn.execute("UPDATE liveness_sessions SET status = ?, decided_at = ? WHERE session = ?",
                     (result, store.now_iso(), session))
    if row["return_url"]:
        return redirect(row["return_url"], code=303)
    return _html("活体检测已完成", "<p>请返回应用继续。</p>")
