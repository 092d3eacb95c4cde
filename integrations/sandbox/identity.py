"""Sandbox identity provider (实名核验): a name, an ID number and a phone checked together.

It has no population register, so it matches everyone whose ID number is well formed, except
the magic inputs: a name containing 冒名 never matches (identity misuse, the case registries
fight most), and 核验超时 / 核验退回 / 繁忙 / 慢速 behave as for every agency (README.md).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from flask import Blueprint, Response

from app.rules.id_number import is_valid_id
from app.timefmt import SHANGHAI
from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, answer_post, refused, require

AGENCY = "identity"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

MISUSE_WORD = "冒名"
MISMATCH_REASON = "实名核验未通过：姓名、身份证件号码与手机号码不属于同一人"
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
