"""The SMS gateway (短信网关): one text to one mobile phone, once per Idempotency-Key.

A gateway that has seen a key answers its first answer again (a replay, not a second text), so
a message retried after a timeout or a crashed worker reaches the phone once. Timeouts, 5xx and
429 are `Retryable`; a 4xx (an unknown number, a refused text) is `Refused` and final.
"""

from __future__ import annotations

from typing import Any

from integrations.base import AgencyClient


class SmsGatewayClient(AgencyClient):
    """The SMS gateway's send endpoint."""

    def send(self, to: str, text: str, idempotency_key: str) -> dict[str, Any]:
        """Send `text` to the mobile phone `to`: {reference, sent_at}."""
        return self.post("/messages", {"to": to, "text": text}, idempotency_key)
