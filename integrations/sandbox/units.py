"""What the employer-facing agencies (social insurance, housing fund) check of the unit (单位) first.

Both open a file for a unit the registry has already registered, under the name it registered, at
the place it registered (属地管理: 社会保险法 第五十七条 sends a unit to the *local* agency, 住房公积金管理条例
第十四条 to the centre of its city), and both ask for the legal representative and the head count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from app.rules import regions
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, BadRequest, refused
from integrations.sandbox.offices import place_name
from integrations.sandbox.registration import unregistered

UNIT_FIELDS = ("application_number", "uscc", "full_name", "region_code", "legal_representative", "address",
               "employees_at_start")


def social_insurance_authority(region_code: str) -> str:
    """"竹溪县人力资源和社会保障局" (its 社会保险经办机构 takes the filing)."""
    return f"{place_name(region_code)}人力资源和社会保障局"


def medical_insurance_authority(region_code: str) -> str:
    """"竹溪县医疗保障局": since the 2018 reform 医保 has its own bureau, filed for in the same step."""
    return f"{place_name(region_code)}医疗保障局"


def _city_code(region_code: str) -> str:
    # A county's city, or for a municipality's district (北京市 → 朝阳区, whose 1101xx row is the
    # filler "市辖区") the province-level city itself.
    for code in (region_code[:4] + "00", region_code[:2] + "0000"):
        if regions.is_current_region_code(code):
            return code
    return region_code


def housing_fund_centre(region_code: str) -> str:
    """"十堰市住房公积金中心竹溪县管理部": centres are run by the city, with an office in each county."""
    city_code = _city_code(region_code)
    centre = f"{place_name(city_code)}住房公积金中心"
    return centre if city_code == region_code else f"{centre}{place_name(region_code)}管理部"


def _check_shape(body: dict[str, Any]) -> None:
    representative = body["legal_representative"]
    if not isinstance(representative, dict) or not representative.get("name") or not representative.get("id_number"):
        raise BadRequest("legal_representative 须包含 name 和 id_number")
    employees = body.get("employees_at_start")
    if not isinstance(employees, int) or isinstance(employees, bool) or employees < 0:
        raise BadRequest("employees_at_start 须为非负整数（尚未招用职工填 0）")


def registered_unit(conn: sqlite3.Connection, body: dict[str, Any],
                    authority: Callable[[str], str]) -> dict[str, Any] | Answer:
    """The unit's registration record, or the refusal why this agency will not take it.

    A malformed body raises BadRequest; `authority` names this agency's office for a region,
    for the refusal that sends the unit where it was registered.
    """
    _check_shape(body)
    refusal = unregistered(conn, body["uscc"])
    if refusal is not None:
        return refusal
    record = store.registration_by_uscc(conn, body["uscc"]) or {}  # there: unregistered() found it
    if body["full_name"] != record["full_name"]:
        return refused("name_mismatch", f"单位名称“{body['full_name']}”与登记的名称“{record['full_name']}”不一致，请核对")
    registered_region = str(record.get("region_code") or body["uscc"][2:8])
    if str(body["region_code"]) != registered_region:
        return refused("wrong_region", f"该单位登记于{place_name(registered_region)}，请向{authority(registered_region)}申请办理")
    return record


def already_filed(conn: sqlite3.Connection, table: str, number_field: str, credit_code: str,
                  code: str, reason: str) -> Answer | None:
    """The refusal of a second file for one unit (`reason` has a {number} for the one it has), or None."""
    record = store.record_where(conn, table, "uscc", credit_code)
    if record is None:
        return None
    return refused(code, reason.format(number=record[number_field]), **{number_field: record[number_field]})
