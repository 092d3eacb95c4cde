"""Tax registration and first invoices (税务登记、发票申领)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class TaxClient(AgencyClient):
    """The tax office (税务局)."""

    def register(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Register the taxpayer: {reference, taxpayer_id, tax_office, taxpayer_type, invoice_types, monthly_invoice_quota}.

        body: application_number, uscc, company_name, taxpayer_type, invoice_types, monthly_invoice_quota.
        """
        return self.post("/registrations", body, idempotency_key)
