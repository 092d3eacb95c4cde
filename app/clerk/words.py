"""The audit trail and the status note in words: what the code stores (actions, "party:2", "online",
"tax_registration: …") is never what a clerk reads (issue 11). Labels come from app.vocabulary."""

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from app.audit.queries import AuditLine
from app.vocabulary import (
    ACTOR_LABELS,
    ACTOR_PREFIX_LABELS,
    AUDIT_ACTION_LABELS,
    CHANNEL_LABELS,
    DOCUMENT_LABELS,
    PRINT_NOTE_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
)

# The pipeline and the retry write "<step>: <reason>" (app.pipeline.runner, app.review.operations).
_STEP_NOTE = re.compile(r"([a-z_]+): (.*)", re.S)
# A party's own events note the party's position, alone or before the witness's words.
_PARTY_NOTE = re.compile(r"(\d+)(.*)", re.S)
PARTY_ACTIONS = ("party_verified", "party_signed", "signature_declined", "signing_reminded", "signing_link_resent")
# Notes that are themselves a code, by action.
_CODED_NOTES = {"submitted": CHANNEL_LABELS, "document_downloaded": DOCUMENT_LABELS, "printed": PRINT_NOTE_LABELS}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    action: str  # the code, for the row's data attribute only
    action_label: str
    change: str
    note: str


def note_in_words(note: str | None) -> str:
    """"tax_registration: 税务机关退回：…" → "税务登记与发票申领：税务机关退回：…"; other notes as written."""
    match = _STEP_NOTE.fullmatch(note or "")
    if match and match.group(1) in STEP_LABELS:
        return _("%(step)s：%(reason)s", step=STEP_LABELS[match.group(1)], reason=match.group(2))
    return note or ""


def actor_in_words(who: str, party_names: dict[int, str]) -> str:
    """A staff member's name stays; "applicant", "system", "party:2", "seal_shop:3", "cli:root" in words."""
    if who in ACTOR_LABELS:
        return str(ACTOR_LABELS[who])
    prefix, _colon, rest = who.partition(":")
    if prefix == "party" and rest.isdigit() and int(rest) in party_names:
        return _("签署人 %(name)s", name=party_names[int(rest)])
    if prefix in ACTOR_PREFIX_LABELS:
        return f"{ACTOR_PREFIX_LABELS[prefix]} {rest}".strip()
    return who


def _note(line: AuditLine, party_names: dict[int, str]) -> str:
    note = line.note or ""
    if line.action in _CODED_NOTES:
        return str(_CODED_NOTES[line.action].get(note, note))
    match = _PARTY_NOTE.fullmatch(note)
    if line.action in PARTY_ACTIONS and match and int(match.group(1)) in party_names:
        if line.who == f"party:{match.group(1)}" and not match.group(2):
            return ""  # the party acting for themselves: the "who" column already names them
        return party_names[int(match.group(1))] + match.group(2)
    return note_in_words(note)


def _change(line: AuditLine) -> str:
    before, after = (str(STATUS_LABELS.get(s, s)) if s else "" for s in (line.from_status, line.to_status))
    if line.from_status == line.to_status:
        return before
    return f"{before} → {after}".strip()


def audit_rows(lines: list[AuditLine], party_names: dict[int, str] | None = None) -> list[AuditRow]:
    """Each audit line as the clerk reads it; `party_names` by signing position (the parties' own events)."""
    names = party_names or {}
    return [AuditRow(line.at, actor_in_words(line.who, names), line.action,
                     str(AUDIT_ACTION_LABELS.get(line.action, _("其他操作"))), _change(line), _note(line, names))
            for line in lines]
