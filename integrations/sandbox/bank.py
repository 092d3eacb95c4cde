"""Sandbox bank (银行开户): opens basic deposit accounts with unique account numbers."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import Blueprint, Response

from integrations import SANDBOX_PATHS
from integrations.sandbox import store
from integrations.sandbox.exchange import Answer, answer_post, require
from integrations.sandbox.offices import bank_branch
from integrations.sandbox.registration import unregistered

AGENCY = "bank"
blueprint = Blueprint(AGENCY, __name__, url_prefix=SANDBOX_PATHS[AGENCY])


def _open_account(conn: sqlite3.Connection, body: dict[str, Any], key: str) -> Answer:
    require(body, "application_number", "uscc", "company_name", "bank", "legal_representative")
    refusal = unregistered(conn, body["uscc"])
    if refusal:
        return refusal

    region_code = body["uscc"][2:8]
    reference = store.reference(conn, "YH")
    # 19 digits: the region code and a 13-digit serial; the unique index keeps numbers distinct.
    account_number = region_code + f"{store.next_serial(conn, 'account_number', 10**13):013d}"
    answer = {
        "reference": reference,
        "bank": body["bank"],
        "branch": bank_branch(body["bank"], region_code),
        "account_number": account_number,
    }
    conn.execute(
        "INSERT INTO bank_accounts (reference, account_number, uscc, application_number, record) VALUES (?, ?, ?, ?, ?)",
        (reference, account_number, body["uscc"], body["application_number"],
         json.dumps({**body, **answer}, ensure_ascii=False)),
    )
    return Answer(201, answer, body["application_number"], reference)


@blueprint.post("/accounts")
def open_account() -> Response:
    """Open a basic deposit account: {reference, bank, branch, account_number}."""
    return answer_post(AGENCY, _open_account)
