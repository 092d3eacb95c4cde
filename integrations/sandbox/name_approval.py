"""Sandbox name approval (名称自主申报): checks names and reserves them, one holder per name."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Blueprint, Response, jsonify, request

from app.rules import names
from integrations import SANDBOX_PATHS
from integrations.sandbox import magic, store
from integrations.sandbox.exchange import Answer, answer_get, answer_post, refused, require

AGENCY = "name_approval"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

_NAME_FIELDS = ("region", "trade_name", "industry", "org_form", "entity_type")


def _problems(conn: sqlite3.Connection, fields: dict[str, str], application_number: str | None) -> list[dict[str, str]]:
    """The rules' problems, the magic forbidden word, and 'taken' if someone else holds the name."""
    problems = [{"code": p.code, "message": p.message_zh} for p in names.name_problems(*(fields[f] for f in _NAME_FIELDS))]
    forbidden = magic.forbidden_word_problem(fields["trade_name"])
    if forbidden:
        problems.append(forbidden)
    key = names.name_key(fields["region"], fields["trade_name"], fields["industry"])
    holder = conn.execute("SELECT application_number FROM name_reservations WHERE name_key = ?", (key,)).fetchone()
    if holder and holder["application_number"] != application_number:
        problems.append(_taken(fields))
    return problems


def _taken(fields: dict[str, str]) -> dict[str, str]:
    return {
        "code": "taken",
        "message": f"同一登记机关辖区内同行业已有字号“{fields['trade_name']}”的企业名称，请更换字号",
    }


def _full_name(fields: dict[str, str]) -> str:
    return names.full_name(fields["region"], fields["trade_name"], fields["industry"], fields["org_form"])


@blueprint.get("/names/check")
def check() -> Response:
    """Whether a name can be had: {available, full_name, problems: [{code, message}]}."""

    def respond(conn: sqlite3.Connection, text: str) -> Response:
        fields = {f: request.args.get(f, "") for f in _NAME_FIELDS}
        problems = _problems(conn, fields, None)
        return jsonify({"available": not problems, "full_name": _full_name(fields), "problems": problems})

    return answer_get(AGENCY, respond)


def _reserve(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "application_number", "region", "trade_name", "industry", "entity_type")
    fields = {f: str(body.get(f) or "") for f in _NAME_FIELDS}
    application_number = str(body["application_number"])
    problems = _problems(conn, fields, application_number)
    if problems:
        return refused(problems[0]["code"], "；".join(p["message"] for p in problems), problems=problems)
    full_name = _full_name(fields)
    name_key = names.name_key(fields["region"], fields["trade_name"], fields["industry"])
    held = conn.execute(
        "SELECT reference, full_name FROM name_reservations WHERE name_key = ? AND application_number = ?",
        (name_key, application_number),
    ).fetchone()
    if held:
        # The same application filing again under a new key: a second filing (an effect the
        # stats count), answered with the reservation it already holds.
        return Answer(200, {"reference": held["reference"], "full_name": held["full_name"]}, application_number, held["reference"])
    reference = store.reference(conn, "MC")
    try:
        conn.execute(
            "INSERT INTO name_reservations (reference, name_key, full_name, application_number, reserved_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (reference, name_key, full_name, application_number, store.now_iso()),
        )
    except sqlite3.IntegrityError:
        # The unique index on name_key settles a race the write lock did not.
        return refused("taken", _taken(fields)["message"], problems=[_taken(fields)])
    return Answer(201, {"reference": reference, "full_name": full_name}, application_number, reference)


@blueprint.post("/reservations")
def reserve() -> Response:
    """Reserve a name for an application: {reference, full_name}, or 422 with the problems."""
    return answer_post(AGENCY, _reserve)
