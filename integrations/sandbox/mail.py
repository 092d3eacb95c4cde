"""Sandbox SMTP receiver (aiosmtpd, in a thread of the sandbox process) and its inbox.

    SMTP on <sandbox HTTP port> + 25 (integrations.mail.SANDBOX_SMTP_OFFSET)
    GET /_sandbox/mail?to=<address> → 200 {messages: [{to, from, subject, text, message_id, received_at}]}, newest first

A message is kept once per Message-ID and recipient, as a mail system that deduplicates does:
the outbox derives the Message-ID from its key, so a message sent again after a killed worker
is in the inbox once. Magic recipients (README.md): `bounce@…` is refused at RCPT with 550
(permanent); `defer@…` gets 451 for the first DATA of each Message-ID (a retry is accepted).
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import uuid
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Blueprint, Flask, Response, jsonify, request

from integrations.sandbox import store
from integrations.sandbox.exchange import sandbox

inbox = Blueprint("sandbox_mail", __name__, url_prefix="/_sandbox")

BOUNCE_LOCAL_PART = "bounce"
DEFER_LOCAL_PART = "defer"
INBOX_LIMIT = 500
SERVER_NAME = "sandbox.kaiban210.invalid"  # a fixed name: no DNS lookup of our own host at start
EXTENSION = "sandbox_smtp"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_messages (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL,
    to_address TEXT NOT NULL,
    from_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (message_id, to_address)
);
CREATE INDEX IF NOT EXISTS mail_by_recipient ON mail_messages (to_address, id);
CREATE TABLE IF NOT EXISTS mail_attempts (
    message_id TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
"""

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO


def initialise(db_path: str) -> None:
    """The receiver's tables beside the agencies' state."""
    with store.transaction(db_path) as conn:
        for statement in filter(str.strip, _SCHEMA.split(";")):
            conn.execute(statement)


def _local_part(address: str) -> str:
    return address.rsplit("@", 1)[0].lower()


def _count_attempt(conn: sqlite3.Connection, message_id: str) -> int:
    return conn.execute(
        "INSERT INTO mail_attempts (message_id, count) VALUES (?, 1) "
        "ON CONFLICT (message_id) DO UPDATE SET count = count + 1 RETURNING count", (message_id,),
    ).fetchall()[0][0]


class _Handler:
    """aiosmtpd handler: refuse or defer the magic recipients, keep everything else."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if _local_part(address) == BOUNCE_LOCAL_PART:
            return "550 5.1.1 Mailbox unavailable (sandbox: bounce@)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        message_id = str(message["Message-ID"] or f"<{uuid.uuid4()}@{SERVER_NAME}>")
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content().replace("\r\n", "\n").rstrip("\n") if body is not None else ""
        with store.transaction(self.db_path) as conn:
            attempt = _count_attempt(conn, message_id)
            if attempt == 1 and any(_local_part(r) == DEFER_LOCAL_PART for r in envelope.rcpt_tos):
                return "451 4.3.0 Try again later (sandbox: defer@)"
            for recipient in envelope.rcpt_tos:
                conn.execute(
                    "INSERT OR IGNORE INTO mail_messages (message_id, to_address, from_address, subject, text, received_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (message_id, recipient.lower(), str(envelope.mail_from or ""), str(message["Subject"] or ""),
                     text, store.now_iso()),
                )
        return "250 OK"


def start_receiver(app: Flask, host: str, port: int) -> Controller:
    """Serve SMTP for this sandbox app on (host, port) in a daemon thread; OSError when the port is taken."""
    with socket.socket() as probe:  # fails at once; aiosmtpd would first wait out its ready timeout
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's server socket does
        probe.bind((host, port))
    controller = Controller(_Handler(app.config["SANDBOX_DB"]), hostname=host, port=port,
                            server_hostname=SERVER_NAME, enable_SMTPUTF8=True)
    controller.start()
    app.extensions[EXTENSION] = controller
    return controller


def stop_receiver(app: Flask) -> None:
    """Stop the app's SMTP receiver, if it has one, and free its port."""
    controller = app.extensions.pop(EXTENSION, None)
    if controller is not None:
        controller.stop()


@inbox.get("/mail")
def messages() -> Response:
    """What the receiver accepted (for one address, or for anyone), newest first."""
    to = (request.args.get("to") or "").lower()
    query = "SELECT * FROM mail_messages"
    arguments: tuple[str, ...] = ()
    if to:
        query, arguments = query + " WHERE to_address = ?", (to,)
    with store.reading(sandbox().db_path) as conn:
        rows = conn.execute(query + " ORDER BY id DESC LIMIT ?", (*arguments, INBOX_LIMIT)).fetchall()
    return jsonify({"messages": [
        {"to": r["to_address"], "from": r["from_address"], "subject": r["subject"], "text": r["text"],
         "message_id": r["message_id"], "received_at": r["received_at"]} for r in rows]})
