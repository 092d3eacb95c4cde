"""Why an application stands where it stands (API.md `status_reason`), in plain words, in the language
of the request where the words are ours.

Each reason is read where it is recorded today: the audit event that moved the application to its
status (the clerk's note for 补正 and 不予受理), the steps an agency sent back (needs_review), the
declining party's row, the parties still awaited at the deadline. A clerk's note, an agency's reason
and a party's reason are given as they were written; the sentence around them is translated.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, Signature, SignatureStatus, StepStatus
from app.signing import texts
from app.signing.lifecycle import EXPIRED
from app.signing.parties import mask_name
from app.vocabulary import AGENCIES, STEP_LABELS

REASONED = (ApplicationStatus.NEEDS_REVIEW, ApplicationStatus.AWAITING_CORRECTION, ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN)
DECLINED = "signature_declined"  # app.signing.operations._decline's audit action


def status_reason(application: Application) -> str | None:
    """The reason for needs_review, awaiting_correction, rejected and withdrawn; None for any other status
    (and where nothing was recorded)."""
    if application.status not in REASONED:
        return None
    event = _arrival(application)
    if application.status == ApplicationStatus.NEEDS_REVIEW:
        return _agencies_sent_back(application) or _note(event)
    if event is not None and event.action == DECLINED:
        return _declined(application) or _note(event)
    if event is not None and event.action == EXPIRED:
        return _expired(application) or _note(event)
    return _note(event) or (application.status_note or "").strip() or None


def _arrival(application: Application) -> AuditEvent | None:
    """The latest event that moved the application into its current status."""
    return db.session.scalar(
        select(AuditEvent).where(AuditEvent.application_id == application.id,
                                 AuditEvent.to_status == application.status,
                                 AuditEvent.from_status.is_distinct_from(application.status))
        .order_by(AuditEvent.id.desc()).limit(1))


def _note(event: AuditEvent | None) -> str | None:
    return (event.note or "").strip() or None if event is not None else None


def _agency(step_name: str) -> str:
    return str(AGENCIES.get(step_name) or STEP_LABELS.get(step_name) or step_name)


def _agencies_sent_back(application: Application) -> str | None:
    """Each step waiting for the window: the agency's refusal in its words, or that it did not answer."""
    lines = []
    for step in sorted(application.steps, key=lambda s: s.id or 0):
        if step.status == StepStatus.NEEDS_REVIEW:
            lines.append(_("%(agency)s退回：%(reason)s，窗口工作人员正在处理", agency=_agency(step.name),
                           reason=(step.error or "").strip()))
        elif step.status == StepStatus.FAILED:
            lines.append(_("%(agency)s多次无法答复，窗口工作人员正在处理", agency=_agency(step.name)))
    return "；".join(lines) or None


def _declined(application: Application) -> str | None:
    signature = db.session.scalar(select(Signature).where(Signature.application_id == application.id,
                                                          Signature.status == SignatureStatus.DECLINED)
                                  .order_by(Signature.signed_at.desc()).limit(1))
    if signature is None:
        return None
    return _("%(name)s拒绝签署：%(reason)s", name=mask_name(signature.name),
             reason=(signature.decline_reason or "").strip() or _("签署人拒绝签署"))


def _expired(application: Application) -> str | None:
    waiting = db.session.scalars(select(Signature).where(Signature.application_id == application.id,
                                                         Signature.status == SignatureStatus.PENDING)
                                 .order_by(Signature.position)).all()
    if not waiting:
        return None
    return texts.expired_reason(_("、").join(mask_name(s.name) for s in waiting))
