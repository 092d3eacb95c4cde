"""What a clerk decides about an application; every decision is an audit event with who and why.

Callers commit once, then queue whatever `mark_queued` hands back (side effects after the commit).
"""

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.applications.status import change_status, record
from app.extensions import db
from app.models import (
    Application,
    ApplicationStatus,
    CorrectionRequest,
    DocumentPromise,
    Pause,
    Step,
    StepStatus,
)
from app.models.types import utcnow

BEFORE_READY = (ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING, ApplicationStatus.NEEDS_REVIEW)
STUCK = (StepStatus.FAILED, StepStatus.NEEDS_REVIEW)


class NotAllowed(Exception):
    """The decision does not fit the application's state; the message says why, in Chinese."""


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise NotAllowed(_("请填写处理说明（记入审计记录）"))
    return note


def reset_step(step: Step) -> None:
    """Put a stuck step back in line, keeping its attempts.

    A refusal (needs_review) is stored by the agency under the step's Idempotency-Key and would
    be answered again, so re-asking needs a fresh key; a failed step may have had its effect,
    so it keeps the key and gets the first answer back.
    """
    if step.status == StepStatus.NEEDS_REVIEW:
        step.idempotency_key = f"{step.application.number}-{step.name}-{utcnow():%Y%m%d%H%M%S%f}"
    # Attempts keep counting (they fence out a stale worker); the retry grants a fresh round.
    step.attempts_allowed = step.attempts + current_app.config["STEP_MAX_ATTEMPTS"]
    step.status = StepStatus.PENDING
    step.queued_at = None
    step.next_attempt_at = None
    step.lease_until = None
    step.finished_at = None
    step.error = None


def _resume_if_unstuck(application: Application, actor: str, action: str, note: str) -> None:
    if any(s.status in STUCK for s in application.steps):
        record(application, actor, action, note)
    elif application.status == ApplicationStatus.NEEDS_REVIEW:
        # A step after the documents (the courier booking) goes back to waiting for issue.
        resumed = ApplicationStatus.READY_FOR_ISSUE if application.ready_at else ApplicationStatus.PROCESSING
        change_status(application, resumed, actor, action, note)
    else:
        record(application, actor, action, note)


def retry_step(application: Application, step_name: str, actor: str, note: str,
               action: str = "step_retried") -> None:
    """Run a failed or needs_review step again (approving a review re-runs it too)."""
    note = _require_note(note)
    step = next((s for s in application.steps if s.name == step_name), None)
    if step is None or step.status not in STUCK:
        raise NotAllowed(_("只有失败或需人工审核的环节可以重新办理"))
    if application.status not in (*BEFORE_READY, ApplicationStatus.READY_FOR_ISSUE):
        raise NotAllowed(_("该申请当前状态下不能重新办理环节"))
    previous = step.error
    reset_step(step)
    _resume_if_unstuck(application, actor, action, f"{step_name}: {note}" + (f"（原因：{previous}）" if previous else ""))


def request_correction(application: Application, fields: list[dict], actor: str, note: str) -> CorrectionRequest:
    """补正: ask the applicant to fix named fields; the clock pauses until they resubmit."""
    note = _require_note(note)
    if application.status not in BEFORE_READY:
        raise NotAllowed(_("只有办理中或待审核的申请可以要求补正"))
    if not fields or any(not f.get("field") or not (f.get("reason") or "").strip() for f in fields):
        raise NotAllowed(_("请至少选择一个需要补正的字段，并写明原因"))
    correction = CorrectionRequest(application_id=application.id, requested_by=actor,
                                   fields=[{"field": f["field"], "reason": f["reason"].strip()} for f in fields])
    db.session.add(correction)
    db.session.add(Pause(application_id=application.id, reason=note, started_at=utcnow()))
    change_status(application, ApplicationStatus.AWAITING_CORRECTION, actor, "correction_requested", note)
    return correction


def accept_on_promise(application: Application, document: str, promised_by: date, actor: str,
                      note: str) -> DocumentPromise:
    """容缺受理: go on without a non-key document the applicant promises to bring by a date."""
    note = _require_note(note)
    document = (document or "").strip()
    if not document:
        raise NotAllowed(_("请填写容缺的材料名称"))
    if promised_by < utcnow().date():
        raise NotAllowed(_("承诺补交日期不能早于今天"))
    if application.status not in BEFORE_READY:
        raise NotAllowed(_("只有办理中或待审核的申请可以容缺受理"))
    promise = DocumentPromise(application_id=application.id, promised_document=document, promised_by=promised_by,
                              accepted_by=actor, note=note)
    db.session.add(promise)
    for step in application.steps:
        if step.status == StepStatus.NEEDS_REVIEW:
            reset_step(step)
    _resume_if_unstuck(application, actor, "accepted_on_promise",
                       f"{document}，承诺{promised_by.isoformat()}前补交：{note}")
    return promise


def reject(application: Application, actor: str, reason: str) -> None:
    """不予受理, with the reason the applicant will read; any open pause and correction end."""
    reason = _require_note(reason)
    if application.status not in ApplicationStatus.OPEN:
        raise NotAllowed(_("该申请已办结，不能再不予受理"))
    end_waiting(application)
    change_status(application, ApplicationStatus.REJECTED, actor, "rejected", reason)


def hand_over(application: Application, actor: str, note: str) -> None:
    """一窗发放: licence and seals handed over at the window; the issue clock stops."""
    note = _require_note(note)
    if application.status != ApplicationStatus.READY_FOR_ISSUE:
        raise NotAllowed(_("只有待发放的申请可以窗口发放"))
    if application.form.get("delivery", {}).get("method") != "window":
        raise NotAllowed(_("该申请选择了邮寄，不能在窗口发放"))
    application.handed_over_at = utcnow()
    change_status(application, ApplicationStatus.ISSUED, actor, "handed_over", note)


def open_pause(application: Application) -> Pause | None:
    return db.session.scalar(select(Pause).where(Pause.application_id == application.id, Pause.ended_at.is_(None)))


def open_correction(application: Application) -> CorrectionRequest | None:
    return db.session.scalar(select(CorrectionRequest).where(
        CorrectionRequest.application_id == application.id, CorrectionRequest.resolved_at.is_(None))
        .order_by(CorrectionRequest.id.desc()))


def end_waiting(application: Application) -> None:
    """Close the open pause and correction request, if any."""
    now = utcnow()
    pause = open_pause(application)
    if pause:
        pause.ended_at = now
    correction = open_correction(application)
    if correction:
        correction.resolved_at = now


def promises_of(application: Application) -> list[DocumentPromise]:
    return list(db.session.scalars(select(DocumentPromise).where(DocumentPromise.application_id == application.id)
                                   .order_by(DocumentPromise.id)))
