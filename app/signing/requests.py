"""Asking the parties to sign: one signature request per natural person, each texted a one-time link.

At filing (`request_signatures`) the 申请书 and 章程 are made and every party is asked. After a
correction (补正) the parties have not signed what is now filed — the 申请书 states every fact of the
form — so `request_signatures_again` makes the documents anew from the corrected form and asks
everyone again, in a new round (签署轮次): each party's row starts afresh with a new link, new
tries and no signature, and the round's texts have keys of their own. What was signed before is
kept: the superseded documents under `<kind>.r<round>` (listed nowhere, kept for the record), and
each earlier signature in the audit trail.

The tokens live only in the texts. Nothing here commits.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.messages.operations import queue_sms
from app.models import Application, Document, Signature, SignatureStatus
from app.models.types import utcnow
from app.privacy import current_keys, decrypt_value, encrypt_value, normalise_phone
from app.privacy.values import ID_NUMBER
from app.privacy.values import digest as keyed_digest
from app.signing import codes, delivery, texts
from app.signing import witness as witnessing
from app.signing.documents import FILING_KINDS, add_filing_documents
from app.signing.parties import Signer, signers_of
from app.signing.queries import signatures_of
from app.urls import public_url


def request_signatures(application: Application) -> list[Signature]:
    """At filing: make the 申请书 (and 章程), one signature row per natural person, and text each
    their one-time link (through the outbox, sent after the commit)."""
    add_filing_documents(application)
    now, made = utcnow(), []
    for position, signer in enumerate(signers_of(application.form), start=1):
        signature = Signature(application_id=application.id, position=position, signing_round=1, created_at=now)
        made.append(_ask(application, signature, signer, now, texts.link_sms))
    return made


def request_signatures_again(application: Application) -> list[str]:
    """After a correction: the filing documents made anew from the corrected form, every party of it
    asked again in the next round; the outbox keys of the links texted."""
    existing = signatures_of(application)
    round_now = max((s.signing_round or 1 for s in existing), default=0) + 1
    _set_aside_filing_documents(application, round_now - 1)
    add_filing_documents(application)
    now, keys = utcnow(), []
    signers = signers_of(application.form)
    for extra in existing[len(signers):]:  # a party the correction removed (two rows became one person)
        db.session.delete(extra)
    for position, signer in enumerate(signers, start=1):
        signature = existing[position - 1] if position <= len(existing) else Signature(
            application_id=application.id, position=position, created_at=now)
        signature.signing_round = round_now
        _ask(application, signature, signer, now, texts.again_sms)
        keys.append(delivery.link_key(application.number, position, round_now))
    return keys


def _ask(application: Application, signature: Signature, signer: Signer, now: datetime, sms) -> Signature:
    """The party's row as for a first request (who, how to reach them, a new link and deadline, no
    tries and no answer yet), and the link texted to their phone."""
    token, lookup_secret = codes.new_token(), current_keys().lookup[0]
    signature.name, signature.roles = signer.name, list(signer.roles)
    signature.id_digest = keyed_digest(ID_NUMBER, signer.id_number, lookup_secret)
    signature.phone = encrypt_value(normalise_phone(decrypt_value(signer.phone)))
    signature.token_digest, signature.expires_at = codes.digest(token), codes.link_expires_at(now)
    signature.status, signature.signed_at, signature.decline_reason = SignatureStatus.PENDING, None, None
    signature.failures, signature.locked_until, signature.verifications = 0, None, 0
    signature.verified_at = signature.identity_reference = None
    signature.verification_digest = signature.code_digest = signature.code_expires_at = None
    witnessing.clear_witness(signature)
    if signature not in db.session:
        db.session.add(signature)
    db.session.flush()
    days = float(current_app.config["SIGNING_VALID_WORKING_DAYS"])
    queue_sms(signer.phone, sms(application.number, application.company_name, days, public_url(f"/sign/{token}")),
              delivery.link_key(application.number, signature.position, signature.signing_round), application)
    return signature


def _set_aside_filing_documents(application: Application, signed_round: int) -> None:
    """The 申请书 and 章程 the parties signed in `signed_round` are kept, out of every list, for the record."""
    for document in db.session.scalars(select(Document).where(Document.application_id == application.id,
                                                              Document.kind.in_(FILING_KINDS))):
        document.kind = f"{document.kind}.r{signed_round}"
    db.session.flush()
