"""The reads of signing: a signature by its link's token, and the parties as others may see them."""

import math
import re
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, Document, Signature, SignatureStatus
from app.models.types import utcnow
from app.signing import codes
from app.signing.documents import FILING_KINDS
from app.signing.parties import mask_name
from app.timefmt import iso

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_\-]{20,100}")


def signature_for_token(token: str, now: datetime | None = None) -> Signature | None:
    """The signature whose link this is, or None: unknown, malformed and expired tokens alike."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    signature = db.session.scalar(select(Signature).where(Signature.token_digest == codes.digest(token)))
    if signature is None or signature.expires_at <= (now or utcnow()):
        return None
    return signature


def signatures_of(application: Application) -> list[Signature]:
    return list(db.session.scalars(select(Signature).where(Signature.application_id == application.id)
                                   .order_by(Signature.position)))


def signatures_json(application: Application) -> list[dict]:
    """API.md `signatures`: one entry per party, names masked ("张*")."""
    return [{"party": list(signature.roles), "name": mask_name(signature.name), "status": signature.status,
             "signed_at": iso(signature.signed_at)} for signature in signatures_of(application)]


def filing_document(application_id: int, kind: str) -> Document | None:
    """The 申请书 or 章程 as it stands (with the signatures made so far), or None."""
    if kind not in FILING_KINDS:
        return None
    return db.session.scalar(select(Document).where(Document.application_id == application_id,
                                                    Document.kind == kind))


def filing_kinds(application_id: int) -> list[str]:
    kinds = set(db.session.scalars(select(Document.kind).where(Document.application_id == application_id,
                                                               Document.kind.in_(FILING_KINDS))))
    return [kind for kind in FILING_KINDS if kind in kinds]


def answer_state(signature: Signature, application: Application, now: datetime | None = None) -> tuple[str, int]:
    """What a page may offer this party (the link's page and the window's alike), with the minutes
    of a lock: "signed", "declined", "closed" (no longer waiting, or past the deadline), "locked", "open"."""
    now = now or utcnow()
    if signature.status != SignatureStatus.PENDING:
        return signature.status, 0
    if application.status != ApplicationStatus.AWAITING_SIGNATURES or signature.expires_at <= now:
        return "closed", 0
    if signature.locked_until is not None and signature.locked_until > now:
        return "locked", math.ceil((signature.locked_until - now).total_seconds() / 60)
    return "open", 0


def code_usable(signature: Signature, verification: str, now: datetime | None = None) -> bool:
    """Whether `verification` is this signature's passed identity check and its code has not expired."""
    if not codes.matches(signature.verification_digest, codes.digest(verification)):
        return False
    return signature.code_expires_at is not None and signature.code_expires_at > (now or utcnow())
