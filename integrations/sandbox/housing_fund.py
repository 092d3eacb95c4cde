"""Sandbox housing provident fund centre (住房公积金单位开户, 缴存登记).

It opens one unit account per registered unit, at a contribution rate within the legal range, and
— where the centre requires it (setting SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT) — only with the
unit's basic deposit account (基本存款账户), which must be one the sandbox bank opened for it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import Blueprint, Response

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
from integrations.sandbox.units import UNIT_FIELDS, already_filed, housing_fund_centre, registered_unit

AGENCY = "housing_fund"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])

# 住房公积金管理条例 第十八条: a unit contributes no less than 5 % of wages; 建金〔2016〕74号: no more than 12 %.
LOWEST_RATE_PERCENT, HIGHEST_RATE_PERCENT = 5, 12
TABLE = "housing_fund_accounts"
ACCOUNT_SPACE = 10**9  # the serial after the region code: 15 digits in all


def _rate_problem(rate: Any) -> Answer | None:
    if not isinstance(rate, int | float) or isinstance(rate, bool):
        raise BadRequest("contribution_rate_percent 须为数字（百分比，如 12）")
    if not LOWEST_RATE_PERCENT <= rate <= HIGHEST_RATE_PERCENT:
        return refused("bad_contribution_rate",
                       f"单位缴存比例{rate:g}%不在规定范围内：住房公积金缴存比例应在"
                       f"{LOWEST_RATE_PERCENT}%至{HIGHEST_RATE_PERCENT}%之间，请重新选择")
    return None


def _bank_account_problem(conn: sqlite3.Connection, body: dict[str, Any]) -> Answer | None:
    account = body.get("bank_account")
    if account is None:
        if sandbox().settings.snapshot()["SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT"]:
            return refused("bank_account_required",
                           "本中心办理单位开户须提供单位基本存款账户，请先在银行开立基本存款账户后再申请")
        return None
    if not isinstance(account, dict) or not isinstance(account.get("account_number"), str):
        raise BadRequest("bank_account 须包含 bank 和 account_number")
    opened = store.record_where(conn, "bank_accounts", "account_number", account["account_number"])
    if opened is None or opened.get("uscc") != body["uscc"]:
        return refused("unknown_bank_account",
                       f"基本存款账户“{account['account_number']}”不是本单位开立的账户，请核对账号")
    return None


def _open_account(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, *UNIT_FIELDS, "contribution_rate_percent")
    unit = registered_unit(conn, body, housing_fund_centre)
    if isinstance(unit, Answer):
        return unit
    refusal = _rate_problem(body["contribution_rate_percent"]) or already_filed(
        conn, TABLE, "unit_account_number", body["uscc"], "already_opened",
        "该单位已开立住房公积金单位账户（单位账号{number}），无需重复开户",
    ) or _bank_account_problem(conn, body)
    if refusal:
        return refusal

    region_code = str(body["region_code"])
    reference = store.reference(conn, "GJ")
    answer = {
        "reference": reference,
        "unit_account_number": region_code + f"{store.next_serial(conn, f'housing_fund:{region_code}', ACCOUNT_SPACE):09d}",
        "opened_at": store.now_iso(),
        "authority": housing_fund_centre(region_code),
    }
    conn.execute(
        f"INSERT INTO {TABLE} (reference, unit_account_number, uscc, application_number, record) "
        "VALUES (?, ?, ?, ?, ?)",
        (reference, answer["unit_account_number"], body["uscc"], body["application_number"],
         json.dumps({**body, **answer}, ensure_ascii=False)),
    )
    return Answer(201, answer, body["application_number"], reference)


@blueprint.post("/accounts")
def open_account() -> Response:
    """Open a unit account: {reference, unit_account_number, opened_at, authority}."""
    return answer_post(AGENCY, _open_account)


@blueprint.get("/accounts/<unit_account_number>")
def account(unit_account_number: str) -> Response:
    """The opened account's record, or 404."""
    return answer_record(AGENCY, lambda conn: store.record_where(conn, TABLE, "unit_account_number",
                                                                 unit_account_number),
                         f"未找到单位账号“{unit_account_number}”的开户记录")
