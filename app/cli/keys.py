"""`flask keys rotate`: personal data re-encrypted under the first of PERSONAL_DATA_KEYS;
`flask keys rotate --lookup-key`: the search hashes recomputed under the first LOOKUP_KEY.

Give every process the new settings first (new key in front, old one behind), then rotate; when
it reports nothing re-encrypted, the old key may go. Each walks its rows by id, a batch at a
time, committing each batch: interrupted, it keeps what it did; run again, it skips what is
already current. A value the service changed between our read and our write is left alone (its
writer used the key in front) and counted — running again picks it up.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import JSON, Column, Text, cast, select, type_coerce, update
from sqlalchemy.orm import lazyload

from app import privacy
from app.extensions import db
from app.models import Application, OutboxMessage, record_digests
from app.models.eseals import ElectronicSeal

keys_cli = AppGroup("keys", help="Keys of personal data: rotation.")


def _rotated_form(stored: str, keys: privacy.Keys) -> Any:
    form = json.loads(stored)
    current = privacy.rotate_form(form, keys)
    return None if current == form else type_coerce(current, JSON)  # written as it is: no second encryption


def _rotated_text(stored: str, keys: privacy.Keys) -> Any:
    current = privacy.rotate_value(stored, keys)
    return None if current == stored else current


@dataclass(frozen=True)
class Sealed:
    """A column that holds encrypted values, and how one stored value comes out under the first key."""

    column: Column
    rotated: Callable[[str, privacy.Keys], Any]  # what to write, or None when it is current


# Every column where personal data is encrypted: the form's ID numbers, phones and e-mail; the
# outbox's recipients and texts (sealed whole by app.messages); the electronic seals' signing keys
# (app.eseals.keys) — a key left under a removed key could never sign again.
SEALED = (Sealed(Application.__table__.c.form, _rotated_form),
          Sealed(OutboxMessage.__table__.c.recipient, _rotated_text),
          Sealed(OutboxMessage.__table__.c.body, _rotated_text),
          Sealed(ElectronicSeal.__table__.c.private_key, _rotated_text))


@keys_cli.command("rotate")
@click.option("--lookup-key", "lookup", is_flag=True,
              help="Recompute the search hashes under the first LOOKUP_KEY (after a new one) instead.")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Rows per transaction.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Stop after this many rows of each column (a short window); run again to go on.")
def rotate(lookup: bool, batch_size: int, limit: int | None) -> None:
    """Re-encrypt every ID number, phone and e-mail with the first of PERSONAL_DATA_KEYS."""
    if lookup:
        seen = rotate_lookup(batch_size, limit)
        click.echo(f"recomputed the search hashes of {seen} application(s) under the first LOOKUP_KEY")
        return
    for sealed in SEALED:
        seen, rotated, raced = rotate_column(sealed, batch_size, limit)
        click.echo(f"{sealed.column.table.name}.{sealed.column.name}: re-encrypted {rotated} of {seen} "
                   "under the first of PERSONAL_DATA_KEYS" + (f"; {raced} changed meanwhile: run again" if raced else ""))


def rotate_column(sealed: Sealed, batch_size: int, limit: int | None = None) -> tuple[int, int, int]:
    """(rows seen, re-encrypted, changed meanwhile) for one column; commits per batch."""
    keys = privacy.current_keys()
    table, column = sealed.column.table, sealed.column
    # The stored text as it is (no decryption on the way out), compared again when written.
    stored_text = cast(column, Text)
    seen = rotated = raced = 0
    after = 0
    while limit is None or seen < limit:
        size = batch_size if limit is None else min(batch_size, limit - seen)
        rows = db.session.execute(select(table.c.id, stored_text.label("stored"))
                                  .where(table.c.id > after).order_by(table.c.id).limit(size)).all()
        if not rows:
            break
        for row in rows:
            try:
                current = None if row.stored is None else sealed.rotated(row.stored, keys)
            except privacy.UnreadableValue as error:
                db.session.commit()  # keep the batch so far
                raise click.ClickException(f"{table.name} id {row.id}: a value opens with no key of "
                                           "PERSONAL_DATA_KEYS; keep the old key behind the new one until "
                                           "the rotation is done") from error
            if current is None:
                continue
            changes = {column.name: current} | ({"updated_at": table.c.updated_at} if "updated_at" in table.c else {})
            written = db.session.execute(update(table).where(table.c.id == row.id, stored_text == row.stored)
                                         .values(changes))
            rotated, raced = (rotated + 1, raced) if written.rowcount else (rotated, raced + 1)
        db.session.commit()
        seen += len(rows)
        after = rows[-1].id
    return seen, rotated, raced


def rotate_lookup(batch_size: int, limit: int | None = None) -> int:
    """Applications whose digests were rewritten under the first LOOKUP_KEY; commits per batch."""
    seen, after = 0, 0
    while limit is None or seen < limit:
        size = batch_size if limit is None else min(batch_size, limit - seen)
        batch = db.session.scalars(select(Application).options(lazyload(Application.steps))
                                   .where(Application.id > after).order_by(Application.id).limit(size)).all()
        if not batch:
            break
        for application in batch:
            record_digests(application)
        db.session.commit()
        seen += len(batch)
        after = batch[-1].id
    return seen
