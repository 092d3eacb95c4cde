"""Housing provident fund unit account (住房公积金单位开户, 缴存登记).

住房公积金管理条例 第十四条: a new unit registers with the housing fund centre within thirty days of
its establishment; the contribution rate is 5 % to 12 % (第十八条 the floor, 建金〔2016〕74号 the cap).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class HousingFundClient(AgencyClient):
    """The housing provident fund centre (住房公积金管理中心)."""

    def open_account(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Open the unit's account: {reference, unit_account_number, opened_at, authority}.

        body: application_number, uscc, full_name, region_code, address, legal_representative
        {name, id_number}, employees_at_start (int ≥ 0), contribution_rate_percent (5–12), and
        bank_account {bank, account_number} — the basic deposit account, needed where the centre
        requires it (otherwise it may be left out).
        """
        return self.post("/accounts", body, idempotency_key)

    def account(self, unit_account_number: str) -> dict[str, Any]:
        """The opened account's record for a unit account number."""
        return self.get(f"/accounts/{unit_account_number}")
