"""Establishment registration (设立登记): the step that yields the credit code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class RegistrationClient(AgencyClient):
    """The registration authority (市场监督管理局)."""

    def register(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Register the entity: {reference, uscc, registered_at, authority}.

        body: application_number, name_reference, full_name, entity_type, region_code,
        registered_capital_yuan, legal_representative {name, id_number}, address,
        business_scope [...], shareholders [...], signatories [{name, roles, signed_at,
        witnessed_by?}] (every natural person who signed the 申请书) and application_form_sha256
        (the signed 申请书 as filed); a registry refuses (`not_signed`) one that is not signed by all.
        """
        return self.post("/registrations", body, idempotency_key)

    def registration(self, uscc: str) -> dict[str, Any]:
        """The registered record for a credit code."""
        return self.get(f"/registrations/{uscc}")
