"""Bank basic deposit account (银行开户, 基本存款账户)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class BankClient(AgencyClient):
    """The bank's account-opening service."""

    def open_account(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Open the basic account: {reference, bank, branch, account_number}.

        body: application_number, uscc, company_name, bank, legal_representative.
        """
        return self.post("/accounts", body, idempotency_key)
