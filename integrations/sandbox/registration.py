"""Sandbox establishment registration (设立登记): issues GB 32100 credit codes, never twice, and only
under a region code in use today (an abolished one is refused), and only when every natural person
on it has signed the application: `signatories` [{name, roles, signed_at, witnessed_by?}] must name
the legal representative and each shareholder, with the SHA-256 of the signed 申请书 as filed
(`application_form_sha256`). The record keeps them, so the registration names who signed."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from flask import Blueprint, Response

from app.rules import uscc
from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import (
    Answer,
    BadRequest,
    answer_post,
    answer_record,
    refused,
    require,
)
from integrations.sandbox.offices import registration_authority

AGENCY = "registration"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])


def _reservation_problem(conn: sqlite3.Connection, body: dict[str, Any]) -> tuple[str, str] | None:
    reservation = conn.execute(
        "SELECT full_name, application_number FROM name_reservations WHERE reference = ?", (body["name_reference"],)
    ).fetchone()
    if reservation is None or reservation["application_number"] != body["application_number"]:
        return "name_not_reserved", "该名称未经自主申报核准或不属于本申请，请先完成名称申报"
    if reservation["full_name"] != body["full_name"]:
        return "name_mismatch", f"申请登记的名称与核准的名称“{reservation['full_name']}”不一致，请核对"
    return None


SHA256 = re.compile(r"[0-9a-f]{64}")
NOT_SIGNED = "not_signed"


def _signatory_problem(body: dict[str, Any]) -> str | None:
    """Why the parties have not all signed (a reason in plain Chinese), or None."""
    signatories = body.get("signatories")
    if not isinstance(signatories, list) or not signatories:
        return "申请书未经签署：缺少签署人（法定代表人及每位自然人股东须实名认证并签署）"
    signed: dict[str, set[str]] = {}
    for entry in signatories:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry.get("signed_at") \
                or not isinstance(entry.get("roles"), list):
            return "签署人信息不完整：每位签署人须有姓名、身份和签署时间"
        signed.setdefault(entry["name"], set()).update(str(role) for role in entry["roles"])
    needed = [(body["legal_representative"]["name"], "legal_representative", "法定代表人")]
    needed += [(holder.get("name"), "shareholder", "股东") for holder in body.get("shareholders") or []
               if isinstance(holder, dict)]
    missing = [f"{word}{name}" for name, role, word in needed if role not in signed.get(name, set())]
    if missing:
        return "以下人员尚未签署申请书：" + "、".join(dict.fromkeys(missing))
    if not isinstance(body.get("application_form_sha256"), str) or not SHA256.fullmatch(body["application_form_sha256"]):
        return "缺少已签署申请书的SHA-256摘要（application_form_sha256）"
    return None


def _issue_credit_code(conn: sqlite3.Connection, entity_type: str, region_code: str) -> str:
    authority, kind = uscc.uscc_prefix_for(entity_type)
    serial = store.next_serial(conn, "organisation_body", uscc.ORGANISATION_BODY_SPACE)
    return uscc.make_uscc(authority, kind, region_code, uscc.organisation_body_for(serial))


def _register(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(
        body, "application_number", "name_reference", "full_name", "entity_type", "region_code",
        "legal_representative", "address", "business_scope",
    )
    try:
        uscc.uscc_prefix_for(body["entity_type"])
    except KeyError:
        return refused("bad_entity_type", f"不支持的市场主体类型“{body['entity_type']}”")
    region_code = str(body["region_code"])
    if not uscc.is_issuable_region(region_code):
        return refused("bad_region_code", f"行政区划代码“{region_code}”不存在或已撤销，请核对")
    if not isinstance(body["legal_representative"], dict) or not body["legal_representative"].get("name"):
        raise BadRequest("legal_representative 须包含 name 和 id_number")
    problem = _reservation_problem(conn, body)
    if problem:
        return refused(*problem)
    unsigned = _signatory_problem(body)
    if unsigned:
        return refused(NOT_SIGNED, unsigned)

    credit_code = _issue_credit_code(conn, body["entity_type"], region_code)
    reference = store.reference(conn, "DJ")
    record = {
        **body,
        "reference": reference,
        "uscc": credit_code,
        "registered_at": store.now_iso(),
        "authority": registration_authority(region_code),
        "status": "registered",
    }
    # The unique index on uscc makes a second issue of one code fail loudly, never pass silently.
    conn.execute(
        "INSERT INTO registrations (reference, uscc, application_number, full_name, address, registered_at, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (reference, credit_code, body["application_number"], body["full_name"], body["address"],
         record["registered_at"], json.dumps(record, ensure_ascii=False)),
    )
    answer = {key_: record[key_] for key_ in ("reference", "uscc", "registered_at", "authority")}
    return Answer(201, answer, body["application_number"], reference)


def unregistered(conn: sqlite3.Connection, credit_code: Any) -> Answer | None:
    """The refusal for a credit code nobody registered here, or None when it is registered."""
    if isinstance(credit_code, str) and store.registration_by_uscc(conn, credit_code) is not None:
        return None
    return refused("unknown_uscc", f"统一社会信用代码“{credit_code}”未经登记，请先完成设立登记")


@blueprint.post("/registrations")
def register() -> Response:
    """Register an entity: {reference, uscc, registered_at, authority}."""
    return answer_post(AGENCY, _register)


@blueprint.get("/registrations/<credit_code>")
def registration(credit_code: str) -> Response:
    """The registered record of a credit code, or 404."""
    return answer_record(AGENCY, lambda conn: store.registration_by_uscc(conn, credit_code),
                         f"未找到统一社会信用代码“{credit_code}”的登记记录")
