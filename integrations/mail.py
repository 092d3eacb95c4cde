"""E-mail over SMTP with the standard library (`smtplib`, `email`), errors split like the agencies'.

The outbox key becomes the message's Message-ID, so a message sent again after a crash is the
same message to every mail system that deduplicates (the sandbox receiver does). Connection
failures, timeouts and 4xx replies are `Retryable`; a 5xx reply (no such mailbox, refused) is
`Refused` and final.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

from integrations.base import DEFAULT_TIMEOUT, Refused, Retryable

# The sandbox's SMTP receiver listens this far above the sandbox's HTTP port (5001 → 5026), so
# a second copy of the stack beside the first (SANDBOX_PORT=5721) has its own (5746).
SANDBOX_SMTP_OFFSET = 25
MESSAGE_ID_DOMAIN = "kaiban210.invalid"


def sandbox_smtp(sandbox_url: str) -> tuple[str, int]:
    """(host, port) of the SMTP receiver of the sandbox at `sandbox_url`."""
    parts = urlsplit(sandbox_url)
    return parts.hostname or "127.0.0.1", (parts.port or 80) + SANDBOX_SMTP_OFFSET


def message_id(idempotency_key: str) -> str:
    """A stable Message-ID for an outbox key (hashed: the key may carry an application number)."""
    return f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}@{MESSAGE_ID_DOMAIN}>"


@dataclass(frozen=True)
class MailClient:
    """One SMTP relay; a connection per message (messages are few, and a stale connection is worse)."""

    host: str
    port: int
    sender: str
    timeout: float = DEFAULT_TIMEOUT[1]
    username: str = ""
    password: str = ""
    starttls: bool = False

    def build(self, to: str, subject: str, body: str, idempotency_key: str) -> EmailMessage:
        """The message as it goes out: plain UTF-8 text, a Message-ID derived from the key."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = Address(addr_spec=to)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id(idempotency_key)
        message.set_content(body)
        return message

    def send(self, to: str, subject: str, body: str, idempotency_key: str) -> str:
        """Hand the message to the relay; its Message-ID. Raises Retryable or Refused."""
        message = self.build(to, subject, body, idempotency_key)
        where = f"smtp://{self.host}:{self.port}"
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise _by_code(where, code, reply) from error
        except smtplib.SMTPResponseException as error:  # sender refused, data refused, auth failed …
            raise _by_code(where, error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPException) as error:  # refused connection, timeout, dropped line
            raise Retryable(f"{where}: {type(error).__name__}: {error}") from error
        if refused:  # some recipients refused; we send to one, so this is that one
            code, reply = next(iter(refused.values()))
            raise _by_code(where, code, reply)
        return str(message["Message-ID"])


def _by_code(where: str, code: int, reply: bytes | str) -> Exception:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if 400 <= code < 500:
        return Retryable(f"{where}: {code} {text}", status=code)
    return Refused(f"smtp_{code}", text, code)


def mail_client_from_config(config: Mapping[str, Any]) -> MailClient:
    """The client from SMTP_HOST, SMTP_PORT, MAIL_FROM, SMTP_USERNAME/SMTP_PASSWORD, SMTP_STARTTLS."""
    return MailClient(
        host=config["SMTP_HOST"], port=int(config["SMTP_PORT"]), sender=config["MAIL_FROM"],
        timeout=float(config.get("AGENCY_READ_TIMEOUT") or DEFAULT_TIMEOUT[1]),
        username=config.get("SMTP_USERNAME") or "", password=config.get("SMTP_PASSWORD") or "",
        starttls=bool(config.get("SMTP_STARTTLS")),
    )
