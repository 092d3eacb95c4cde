"""Seal carving (公章刻制): orders filed with the police seal system."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class SealCarvingClient(AgencyClient):
    """The seal carving system (公安印章管理)."""

    def order(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Order seals: {reference, seal_codes: {kind: 13-digit code}, shop}.

        body: application_number, uscc, company_name, seals [kinds].
        """
        return self.post("/orders", body, idempotency_key)
