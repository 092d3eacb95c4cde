"""What an application's 电子档案 holds: every stored record that decided it, as named files.

Only what is stored goes in, as it is stored: the form with its personal data in full (the archive
is an internal record, downloaded by a supervisor only), the parties' signatures, each agency's
answer as its step row recorded it, every document row (the signed 申请书 and 章程 with the rounds a
correction set aside), and the audit trail. Nothing is rendered again or summarised.
"""

import json
import re
from collections.abc import Iterator

from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent, Document, Signature, Step
from app.signing.documents import FILING_KINDS
from app.timefmt import iso

# `<kind>.r<round>`: a filing document the parties signed before a correction (app.signing.requests).
SUPERSEDED = re.compile(r"^(?P<kind>[a-z_]+)\.r(?P<round>\d+)$")
EXTENSIONS = {"application/pdf": "pdf", "application/zip": "zip"}


def as_json(value: object) -> bytes:
    """One stable spelling for every JSON file: the same record always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def application_record(application: Application) -> dict:
    """The application row's own facts: number, name, code, status and the moments of its life."""
    return {
        "number": application.number, "channel": application.channel, "status": application.status,
        "entity_type": application.entity_type, "company_name": application.company_name,
        "uscc": application.uscc, "authority": application.authority, "status_note": application.status_note,
        "submitted_at": iso(application.submitted_at), "accepted_at": iso(application.accepted_at),
        "due_at": iso(application.due_at), "ready_at": iso(application.ready_at),
        "issue_due_at": iso(application.issue_due_at), "handed_over_at": iso(application.handed_over_at),
        "delivered_at": iso(application.delivered_at), "registered_at": iso(application.registered_at),
        "revoked_at": iso(application.revoked_at), "revoked_reason": application.revoked_reason,
    }


def signature_record(signature: Signature) -> dict:
    """Who signed (or declined) in which round, checked how; the link's and code's digests stay out."""
    return {
        "position": signature.position, "name": signature.name, "roles": list(signature.roles),
        "status": signature.status, "signing_round": signature.signing_round,
        "verified_at": iso(signature.verified_at), "identity_reference": signature.identity_reference,
        "signed_at": iso(signature.signed_at), "decline_reason": signature.decline_reason,
        "witnessed_by_user_id": signature.witnessed_by_user_id, "witnessed_by": signature.witnessed_by,
        "witnessed_at": iso(signature.witnessed_at),
    }


def step_record(step: Step) -> dict:
    """One agency's answer as the pipeline recorded it: its reference and result, or its error."""
    return {
        "position": step.position, "step": step.name, "status": step.status, "attempts": step.attempts,
        "idempotency_key": step.idempotency_key, "reference": step.reference, "result": step.result,
        "error": step.error, "agency_ms": step.agency_ms, "started_at": iso(step.started_at),
        "finished_at": iso(step.finished_at),
    }


def audit_record(event: AuditEvent) -> dict:
    """An audit event as written: staff by user id and the user name they had, the others by name."""
    return {
        "id": event.id, "at": iso(event.at), "actor": event.actor, "actor_user_id": event.actor_user_id,
        "action": event.action, "from_status": event.from_status, "to_status": event.to_status, "note": event.note,
    }


def document_path(document: Document) -> str:
    """signed/… for what the parties signed (a set-aside round keeps its `.r<n>`), documents/… else."""
    folder = "signed" if signed_by_parties(document.kind) else "documents"
    return f"{folder}/{document.kind}.{EXTENSIONS.get(document.content_type, 'bin')}"


def signed_by_parties(kind: str) -> bool:
    """The 申请书 or 章程, current or of a round a correction set aside."""
    superseded = SUPERSEDED.match(kind)
    return (superseded["kind"] if superseded else kind) in FILING_KINDS


def _documents(application: Application) -> list[Document]:
    return list(db.session.scalars(select(Document).where(Document.application_id == application.id)
                                   .order_by(Document.kind)))


def _signatures(application: Application) -> list[Signature]:
    return list(db.session.scalars(select(Signature).where(Signature.application_id == application.id)
                                   .order_by(Signature.position)))


def _events(application: Application) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.application_id == application.id)
                                   .order_by(AuditEvent.id)))


def archived_files(application: Application) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every file, always in the same order: records first, then what was signed,
    then the documents, the audit trail last."""
    yield "application.json", as_json(application_record(application))
    yield "form.json", as_json(application.form)
    yield "signatures.json", as_json([signature_record(s) for s in _signatures(application)])
    yield "steps.json", as_json([step_record(s) for s in sorted(application.steps, key=lambda s: s.position)])
    documents = sorted(((document_path(d), d.content) for d in _documents(application)),
                       key=lambda item: (not item[0].startswith("signed/"), item[0]))
    yield from documents
    yield "audit.json", as_json([audit_record(e) for e in _events(application)])
