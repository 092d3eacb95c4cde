"""Real-name check (实名核验): do a name, an ID number and a phone belong to one person?

The three-element check that the national identity service and the carriers offer together:
the ID number must be the named person's, and the phone must be registered in that person's
name. A mismatch is a refusal (422, `mismatch`); a timeout or 5xx is retryable as for every
agency.
"""

from __future__ import annotations

from typing import Any

from integrations.base import AgencyClient


class IdentityClient(AgencyClient):
    """The identity provider (实名核验服务)."""

    def verify(self, name: str, id_number: str, phone: str, idempotency_key: str) -> dict[str, Any]:
        """{reference, match: true, checked_at}; a mismatch raises Refused(code="mismatch")."""
        return self.post("/verifications", {"name": name, "id_number": id_number, "phone": phone},
                         idempotency_key)
