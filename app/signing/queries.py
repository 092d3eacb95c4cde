"""The reads of signing: a signature by its link's token, and the parties as others may see them."""

import re
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, Signature
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
