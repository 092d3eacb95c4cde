"""Name approval (名称自主申报): check a proposed enterprise name and reserve it."""

from __future__ import annotations

from typing import Any

from integrations.base import AgencyClient, Refused

# The agency refuses a name it will not reserve (taken, a forbidden word, returned by an examiner) with
# 422 and its problems; any other 4xx is about the request, not the name.
NAME_REFUSED_STATUS = 422


def refuses_the_name(error: Refused) -> bool:
    """Whether a refusal is of the name itself, so another trade name may fare better."""
    return error.status == NAME_REFUSED_STATUS


class NameApprovalClient(AgencyClient):
    """The name approval agency: live checks and reservations."""

    def check(self, region: str, trade_name: str, industry: str, org_form: str, entity_type: str) -> dict[str, Any]:
        """{available, full_name, problems: [{code, message}]}; a name held by someone else has code 'taken'."""
        return self.get("/names/check", {
            "region": region, "trade_name": trade_name, "industry": industry,
            "org_form": org_form, "entity_type": entity_type,
        })

    def reserve(
        self,
        application_number: str,
        region: str,
        trade_name: str,
        industry: str,
        org_form: str,
        entity_type: str,
        idempotency_key: str,
    ) -> dict[str, Any]:
        """Reserve the name for the application: {reference, full_name}; Refused when it cannot be had."""
        return self.post("/reservations", {
            "application_number": application_number, "region": region, "trade_name": trade_name,
            "industry": industry, "org_form": org_form, "entity_type": entity_type,
        }, idempotency_key)
