"""Courier (证照邮寄): free delivery of the licence and seals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class CourierClient(AgencyClient):
    """The courier's booking and tracking service."""

    def book(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Book a pickup: {waybill_number, booked_at}.

        body: application_number, sender {name, phone, address}, recipient {name, phone, address}, contents [...].
        """
        return self.post("/waybills", body, idempotency_key)

    def track(self, waybill_number: str) -> dict[str, Any]:
        """Where a waybill is: {waybill_number, status, booked_at, events: [...]}."""
        return self.get(f"/waybills/{waybill_number}")
