"""Sandbox name approval (名称自主申报): checks names and reserves them, one holder per name.

The registry applies the rules (app.rules.names) and compares the name with every name it holds
in the same registration area (app.rules.name_similarity): the same trade name in the same trade
is `taken`; a homophone, a look-alike or a reordered trade name is a `similar_name` warning.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Blueprint, Response, jsonify, request

from app.rules import name_similarity, names
from integrations import SANDBOX_PATHS
from integrations.sandbox import magic, store
from integrations.sandbox.exchange import Answer, answer_get, answer_post, refused, require

AGENCY = "name_approval"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

_NAME_FIELDS = ("region", "trade_name", "industry", "org_form", "entity_type")

Problem = dict[str, str | None]


def _as_answer(problem: names.NameProblem) -> Problem:
    return {"code": problem.code, "message": problem.message_zh, "level": problem.level,
            "conflicts_with": problem.conflicts_with}


def _held(conn: sqlite3.Connection, area: str, application_number: str | None) -> list[name_similarity.HeldName]:
    """The names held in the area, but for the application's own."""
    prefix = area + "|"
    rows = conn.execute(
        "SELECT name_key, full_name, application_number FROM name_reservations WHERE substr(name_key, 1, ?) = ?",
        (len(prefix), prefix),
    ).fetchall()
    return [name_similarity.held_name_from_key(row["name_key"], row["full_name"])
            for row in rows if row["application_number"] != application_number]


def _problems(conn: sqlite3.Connection, fields: dict[str, str],
              application_number: str | None) -> tuple[list[Problem], list[name_similarity.HeldName]]:
    """The rules' problems and warnings, the magic forbidden word, and the names this one meets."""
    parts = [fields[f] for f in _NAME_FIELDS]
    problems = [_as_answer(p) for p in names.name_problems(*parts) + names.name_warnings(fields["trade_name"])]
    forbidden = magic.forbidden_word_problem(fields["trade_name"])
    if forbidden:
        problems.append({**forbidden, "level": names.REFUSE, "conflicts_with": None})
    area = names.registration_area_of(fields["region"])
    held = _held(conn, area, application_number)
    problems += [{**_as_answer(c.problem()), "basis": c.basis}
                 for c in name_similarity.conflicts(area, fields["trade_name"], fields["industry"], held)]
    return problems, held


def _refusals(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p["level"] == names.REFUSE]


def _taken(fields: dict[str, str]) -> Problem:
    return {
        "code": "taken",
        "message": f"同一登记机关辖区内同行业已有字号“{fields['trade_name']}”的企业名称，请更换字号",
        "level": names.REFUSE, "conflicts_with": None,
    }


def _full_name(fields: dict[str, str]) -> str:
    return names.full_name(fields["region"], fields["trade_name"], fields["industry"], fields["org_form"])


@blueprint.get("/names/check")
def check() -> Response:
    """Whether a name can be had: {available, full_name, problems: [{code, message, level,
    conflicts_with}], suggestions}; warnings leave it available."""

    def respond(conn: sqlite3.Connection, text: str) -> Response:
        fields = {f: request.args.get(f, "") for f in _NAME_FIELDS}
        problems, held = _problems(conn, fields, None)
        available = not _refusals(problems)
        suggestions = [] if available else name_similarity.suggestions(*(fields[f] for f in _NAME_FIELDS), held)
        return jsonify({"available": available, "full_name": _full_name(fields), "problems": problems,
                        "suggestions": suggestions})

    return answer_get(AGENCY, respond)


def _reserve(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "application_number", "region", "trade_name", "industry", "entity_type")
    fields = {f: str(body.get(f) or "") for f in _NAME_FIELDS}
    application_number = str(body["application_number"])
    problems = _refusals(_problems(conn, fields, application_number)[0])
    if problems:
        return refused(str(problems[0]["code"]), "；".join(str(p["message"]) for p in problems), problems=problems)
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
