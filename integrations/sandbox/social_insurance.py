"""Sandbox social insurance registration (社会保险登记), with medical insurance (医保登记) in one step.

It registers a unit the registry registered, under its registered name and at its registered
place, once per credit code: the unit gets a social insurance number from the 人社局 and a
medical insurance number from the 医保局, each unique. The first payroll month (首次缴费月份) may
not come before the month the unit was established.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from flask import Blueprint, Response

from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, BadRequest, answer_post, answer_record, refused, require
from integrations.sandbox.units import (
    UNIT_FIELDS,
    already_filed,
    medical_insurance_authority,
    registered_unit,
    social_insurance_authority,
)

AGENCY = "social_insurance"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

TABLE = "social_insurance_registrations"
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
NUMBER_SPACE = 10**10  # the serial after the region code: 16 digits in all


def _payroll_month_problem(month: str, registered_at: str) -> Answer | None:
    # 社会保险法 第五十八条: contributions run from the month people are employed, which cannot come
    # before the unit exists; a later month is a founder who hires later.
    established = registered_at[:7]
    if month < established:
        return refused("bad_first_payroll_month",
                       f"首次缴费月份{month}早于单位成立的月份{established}，请改为{established}或以后的月份")
    return None


def _unit_number(conn: sqlite3.Connection, scheme: str, region_code: str) -> str:
    return region_code + f"{store.next_serial(conn, f'{scheme}:{region_code}', NUMBER_SPACE):010d}"


def _register(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, *UNIT_FIELDS, "first_payroll_month")
    if not isinstance(body["first_payroll_month"], str) or not MONTH.fullmatch(body["first_payroll_month"]):
        raise BadRequest("first_payroll_month 须为 YYYY-MM 格式的月份，如 2026-05")
    unit = registered_unit(conn, body, social_insurance_authority)
    if isinstance(unit, Answer):
        return unit
    refusal = already_filed(
        conn, TABLE, "social_insurance_number", body["uscc"], "already_registered",
        "该单位已办理社会保险登记（单位社保编号{number}），无需重复登记",
    ) or _payroll_month_problem(body["first_payroll_month"], unit["registered_at"])
    if refusal:
        return refusal

    region_code = str(body["region_code"])
    reference = store.reference(conn, "SB")
    answer = {
        "reference": reference,
        "social_insurance_number": _unit_number(conn, "social_insurance", region_code),
        "medical_insurance_number": _unit_number(conn, "medical_insurance", region_code),
        "registered_at": store.now_iso(),
        "authority": social_insurance_authority(region_code),
        "medical_insurance_authority": medical_insurance_authority(region_code),
    }
    conn.execute(
        f"INSERT INTO {TABLE} (reference, social_insurance_number, medical_insurance_number, "
        "uscc, application_number, record) VALUES (?, ?, ?, ?, ?, ?)",
        (reference, answer["social_insurance_number"], answer["medical_insurance_number"], body["uscc"],
         body["application_number"], json.dumps({**body, **answer}, ensure_ascii=False)),
    )
    return Answer(201, answer, body["application_number"], reference)


@blueprint.post("/registrations")
def register() -> Response:
    """Register a unit for social and medical insurance: {reference, social_insurance_number,
    medical_insurance_number, registered_at, authority, medical_insurance_authority}."""
    return answer_post(AGENCY, _register)


@blueprint.get("/registrations/<social_insurance_number>")
def registration(social_insurance_number: str) -> Response:
    """The registered record of a unit's social insurance number, or 404."""
    return answer_record(AGENCY, lambda conn: store.record_where(conn, TABLE, "social_insurance_number",
                                                                 social_insurance_number),
                         f"未找到单位社保编号“{social_insurance_number}”的登记记录")
