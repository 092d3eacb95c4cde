"""Real-name check (实名核验): do a name, an ID number and a phone belong to one person?

The three-element check that the national identity service and the carriers offer together:
the ID number must be the named person's, and the phone must be registered in that person's
name. A mismatch is a refusal (422, `mismatch`); a timeout or 5xx is retryable as for every
agency.

Where a centre asks for it (SIGNING_LIVENESS), a liveness check (活体检测) follows a passed check:
the provider opens a session on its own page, the party passes or fails it there, and the
provider, asked afterwards, says which (`liveness_result`).
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

    def start_liveness(self, reference: str, return_url: str | None, idempotency_key: str) -> dict[str, Any]:
        """Open a liveness session (活体检测) for a passed check `reference`: {session, url}. The party
        is sent to `url`; when done the provider sends them to `return_url` (none: it says to go back)."""
        body: dict[str, Any] = {"reference": reference}
        if return_url:
            body["return_url"] = return_url
        return self.post("/liveness", body, idempotency_key)

    def liveness_result(self, session: str) -> dict[str, Any]:
        """{session, reference, status: pending|passed|failed} — asked of the provider, never taken from the party."""
        return self.get(f"/liveness/{session}")
