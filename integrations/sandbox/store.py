"""The sandbox's state in SQLite: what each agency did, and the answers it gave per key.

Every write runs in a ``BEGIN IMMEDIATE`` transaction, so concurrent requests queue for the
write lock and races (the same key twice, the same name twice) are settled by the database;
unique indexes back that up.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from app.timefmt import SHANGHAI
from integrations.sandbox.settings import AGENCIES

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    agency TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    replays INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (agency, idempotency_key)
);
CREATE TABLE IF NOT EXISTS attempts (
    agency TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (agency, idempotency_key)
);
CREATE TABLE IF NOT EXISTS effects (
    id INTEGER PRIMARY KEY,
    agency TEXT NOT NULL,
    application_number TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    reference TEXT NOT NULL,
    effected_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS effects_by_application ON effects (agency, application_number);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS name_reservations (
    reference TEXT PRIMARY KEY,
    name_key TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    application_number TEXT NOT NULL,
    reserved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS registrations (
    reference TEXT PRIMARY KEY,
    uscc TEXT NOT NULL UNIQUE,
    application_number TEXT NOT NULL,
    full_name TEXT NOT NULL,
    address TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seal_orders (
    reference TEXT PRIMARY KEY,
    uscc TEXT NOT NULL,
    application_number TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seal_codes (
    seal_code TEXT PRIMARY KEY,
    order_reference TEXT NOT NULL REFERENCES seal_orders (reference),
    kind TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tax_registrations (
    reference TEXT PRIMARY KEY,
    taxpayer_id TEXT NOT NULL,
    application_number TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bank_accounts (
    reference TEXT PRIMARY KEY,
    account_number TEXT NOT NULL UNIQUE,
    uscc TEXT NOT NULL,
    application_number TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS social_insurance_registrations (
    reference TEXT PRIMARY KEY,
    social_insurance_number TEXT NOT NULL UNIQUE,
    medical_insurance_number TEXT NOT NULL UNIQUE,
    uscc TEXT NOT NULL UNIQUE,
    application_number TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS housing_fund_accounts (
    reference TEXT PRIMARY KEY,
    unit_account_number TEXT NOT NULL UNIQUE,
    uscc TEXT NOT NULL UNIQUE,
    application_number TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS waybills (
    waybill_number TEXT PRIMARY KEY,
    application_number TEXT NOT NULL,
    record TEXT NOT NULL
);
"""


def now_iso() -> str:
    """The current time in China, ISO 8601 with +08:00."""
    return datetime.now(SHANGHAI).isoformat(timespec="seconds")


def connect(db_path: str) -> sqlite3.Connection:
    """A fresh connection (one per request: sqlite3 connections are not for sharing across threads)."""
    # isolation_level=None: we issue BEGIN ourselves; timeout is the busy wait for the write lock.
    conn = sqlite3.connect(db_path, timeout=60, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    # In WAL mode NORMAL loses no committed data on a crash of the process, only on power loss.
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def initialise(db_path: str) -> None:
    """Create the database file and tables, in WAL mode so readers never wait for writers."""
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    conn = connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(_SCHEMA)
    finally:
        conn.close()


@contextmanager
def transaction(db_path: str) -> Iterator[sqlite3.Connection]:
    """A write transaction holding SQLite's write lock from the start; commits unless it raises."""
    conn = connect(db_path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextmanager
def reading(db_path: str) -> Iterator[sqlite3.Connection]:
    """A connection for reads only."""
    conn = connect(db_path)
    try:
        yield conn
    finally:
        conn.close()


def next_serial(conn: sqlite3.Connection, counter: str, space: int) -> int:
    """The next number of a counter, within [0, space); call inside a transaction."""
    # A new database starts each counter at a random point in its lower tenth, so a sandbox
    # whose file was deleted does not hand out the codes and numbers it gave before.
    conn.execute(
        "INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)",
        (counter, random.randrange(max(1, space // 10))),
    )
    value = conn.execute(
        "UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value", (counter,)
    ).fetchall()[0][0]
    if value >= space:
        raise RuntimeError(f"counter {counter} exhausted")
    return value


def reference(conn: sqlite3.Connection, prefix: str) -> str:
    """An agency reference such as MC20260315000123."""
    serial = next_serial(conn, f"reference:{prefix}", 10**6)
    return f"{prefix}{datetime.now(SHANGHAI):%Y%m%d}{serial:06d}"


def count_attempt(db_path: str, agency: str, idempotency_key: str) -> int:
    """Count one more call under a key; which call this is (1 for the first)."""
    with transaction(db_path) as conn:
        return conn.execute(
            "INSERT INTO attempts (agency, idempotency_key, count) VALUES (?, ?, 1) "
            "ON CONFLICT (agency, idempotency_key) DO UPDATE SET count = count + 1 RETURNING count",
            (agency, idempotency_key),
        ).fetchall()[0][0]


def stored_answer(conn: sqlite3.Connection, agency: str, idempotency_key: str) -> tuple[int, dict[str, Any]] | None:
    """The first answer given under a key, counting this as a replay; None if there is none."""
    # fetchall: a RETURNING statement must run to its end before the transaction commits.
    rows = conn.execute(
        "UPDATE answers SET replays = replays + 1 WHERE agency = ? AND idempotency_key = ? RETURNING status, body",
        (agency, idempotency_key),
    ).fetchall()
    row = rows[0] if rows else None
    return (row["status"], json.loads(row["body"])) if row else None


def store_answer(conn: sqlite3.Connection, agency: str, idempotency_key: str, status: int, body: dict[str, Any]) -> None:
    """Keep the answer given under a key, to give it again for a repeated key."""
    conn.execute(
        "INSERT INTO answers (agency, idempotency_key, status, body, answered_at) VALUES (?, ?, ?, ?, ?)",
        (agency, idempotency_key, status, json.dumps(body, ensure_ascii=False), now_iso()),
    )


def record_effect(conn: sqlite3.Connection, agency: str, application_number: str, idempotency_key: str, ref: str) -> None:
    """Note that an agency changed its state for an application (what the stats count)."""
    conn.execute(
        "INSERT INTO effects (agency, application_number, idempotency_key, reference, effected_at) VALUES (?, ?, ?, ?, ?)",
        (agency, application_number, idempotency_key, ref, now_iso()),
    )


def stats(db_path: str) -> dict[str, dict[str, int]]:
    """Per agency: effects, replays, and applications that got more than one effect."""
    result = {agency: {"effects": 0, "replays": 0, "duplicates_per_application": 0} for agency in AGENCIES}
    with reading(db_path) as conn:
        queries = {
            "effects": "SELECT agency, COUNT(*) FROM effects GROUP BY agency",
            "replays": "SELECT agency, SUM(replays) FROM answers GROUP BY agency",
            "duplicates_per_application": (
                "SELECT agency, COUNT(*) FROM (SELECT agency FROM effects GROUP BY agency, application_number "
                "HAVING COUNT(*) > 1) GROUP BY agency"
            ),
        }
        for field, query in queries.items():
            for agency, value in conn.execute(query):
                result.setdefault(agency, {"effects": 0, "replays": 0, "duplicates_per_application": 0})
                result[agency][field] = int(value or 0)
    return result


def record_where(conn: sqlite3.Connection, table: str, column: str, value: Any) -> dict[str, Any] | None:
    """The JSON `record` of the row of `table` whose `column` holds `value`, or None.

    `table` and `column` are the calling agency's own constants, never request text.
    """
    row = conn.execute(f"SELECT record FROM {table} WHERE {column} = ?", (value,)).fetchone()
    return json.loads(row["record"]) if row else None


def registration_by_uscc(conn: sqlite3.Connection, uscc: str) -> dict[str, Any] | None:
    """The registered record of a credit code, or None."""
    row = conn.execute("SELECT record FROM registrations WHERE uscc = ?", (uscc,)).fetchone()
    return json.loads(row["record"]) if row else None
