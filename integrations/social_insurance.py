"""Social insurance registration with medical insurance (社会保险登记 + 医保登记), in one step.

社会保险法 第五十七条: a unit applies to the local social insurance agency within thirty days of its
establishment; most service centres register it for 医保 (医疗保障局) in the same filing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.base import AgencyClient


class SocialInsuranceClient(AgencyClient):
    """The social insurance agency (社会保险经办机构), filing for the medical insurance bureau too."""

    def register(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """Register the unit: {reference, social_insurance_number, medical_insurance_number,
        registered_at, authority, medical_insurance_authority}.

        body: application_number, uscc, full_name, region_code, legal_representative {name,
        id_number}, address, employees_at_start (int ≥ 0), first_payroll_month ("YYYY-MM").
        """
        return self.post("/registrations", body, idempotency_key)

    def registration(self, social_insurance_number: str) -> dict[str, Any]:
        """The registered record for a unit's social insurance number."""
        return self.get(f"/registrations/{social_insurance_number}")
