"""What the window decides about an application, and the applicant's 补正 that answers it.

Every decision is an audit event with who and why; one that does not fit the application's
state raises `Refusal` (422) saying why. Nothing here commits: the view ends with
`app.pipeline.operations.commit_and_queue`, so steps put back in line are queued after the commit.
"""

import copy
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from app.applications.operations import change_status, hold_fresh, record
from app.audit.operations import Actor, actor_name
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
from app.models.lookup import record_digests
from app.models.types import utcnow
from app.refusal import Refusal
from app.review.queries import (
    BACKUP_TRADE_NAMES,
    TRADE_NAME,
    correctable_fields,
    corrected_paths,
    name_refused,
    open_correction,
    open_pause,
)
from app.rules import names as name_rules
from app.signing.queries import signatures_of
from app.signing.requests import request_signatures_again
from app.sla.lights import pauses_of, stamp_apply_clock
from app.timefmt import today_in_shanghai
from forms.schema import validate_application


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise Refusal(_("请填写处理说明（记入审计记录）"))
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


def _resume_if_unstuck(application: Application, actor: Actor, action: str, note: str) -> None:
    if any(s.status in StepStatus.STUCK for s in application.steps):
        record(application, actor, action, note)
    elif application.status == ApplicationStatus.NEEDS_REVIEW:
        # A step after the documents (the courier booking) goes back to waiting for issue.
        resumed = ApplicationStatus.READY_FOR_ISSUE if application.ready_at else ApplicationStatus.PROCESSING
        change_status(application, resumed, actor, action, note)
    else:
        record(application, actor, action, note)


def retry_step(application: Application, step_name: str, actor: Actor, note: str,
               action: str = "step_retried") -> None:
    """Run a failed or needs_review step again (approving a review re-runs it too)."""
    note = _require_note(note)
    step = next((s for s in application.steps if s.name == step_name), None)
    if step is None or step.status not in StepStatus.STUCK:
        raise Refusal(_("只有失败或需人工审核的环节可以重新办理"))
    if application.status not in ApplicationStatus.STEPS_RUN:
        raise Refusal(_("该申请当前状态下不能重新办理环节"))
    previous = step.error
    reset_step(step)
    _resume_if_unstuck(application, actor, action, f"{step_name}: {note}" + (f"（原因：{previous}）" if previous else ""))


def request_correction(application: Application, fields: list[dict], actor: Actor, note: str) -> CorrectionRequest:
    """补正: ask the applicant to fix named fields; the clock pauses until they resubmit."""
    note = _require_note(note)
    if application.status not in ApplicationStatus.BEFORE_READY:
        raise Refusal(_("只有办理中或待审核的申请可以要求补正"))
    if not fields or any(not f.get("field") or not (f.get("reason") or "").strip() for f in fields):
        raise Refusal(_("请至少选择一个需要补正的字段，并写明原因"))
    if any(f["field"] == TRADE_NAME for f in fields) and not name_refused(application):
        # Once reserved the name is the applicant's; before the agency has refused it there is nothing to fix.
        raise Refusal(_("只有名称自主申报未获核准（字号及备选字号均被退回）时，才能要求补正字号"))
    correction = CorrectionRequest(application_id=application.id, requested_by=actor_name(actor),
                                   fields=[{"field": f["field"], "reason": f["reason"].strip()} for f in fields])
    db.session.add(correction)
    db.session.add(Pause(application_id=application.id, reason=note, started_at=utcnow()))
    change_status(application, ApplicationStatus.AWAITING_CORRECTION, actor, "correction_requested", note)
    return correction


def accept_on_promise(application: Application, document: str, promised_by: date, actor: Actor,
                      note: str) -> DocumentPromise:
    """容缺受理: go on without a non-key document the applicant promises to bring by a date."""
    note = _require_note(note)
    document = (document or "").strip()
    if not document:
        raise Refusal(_("请填写容缺的材料名称"))
    if promised_by < today_in_shanghai():
        raise Refusal(_("承诺补交日期不能早于今天"))
    if application.status not in ApplicationStatus.BEFORE_READY:
        raise Refusal(_("只有办理中或待审核的申请可以容缺受理"))
    promise = DocumentPromise(application_id=application.id, promised_document=document, promised_by=promised_by,
                              accepted_by=actor_name(actor), note=note)
    db.session.add(promise)
    for step in application.steps:
        if step.status == StepStatus.NEEDS_REVIEW:
            reset_step(step)
    _resume_if_unstuck(application, actor, "accepted_on_promise",
                       f"{document}，承诺{promised_by.isoformat()}前补交：{note}")
    return promise


def reject(application: Application, actor: Actor, reason: str) -> None:
    """不予受理, with the reason the applicant will read; any open pause and correction end."""
    reason = _require_note(reason)
    if application.status == ApplicationStatus.READY_FOR_ISSUE:  # registered: the company exists
        raise Refusal(_("证照已制作完成，不能再不予受理"))
    if application.status not in ApplicationStatus.REJECTABLE:
        raise Refusal(_("该申请已办结，不能再不予受理"))
    end_waiting(application)
    change_status(application, ApplicationStatus.REJECTED, actor, "rejected", reason)


def hand_over(application: Application, actor: Actor, note: str) -> None:
    """一窗发放: licence and seals handed over at the window; the issue clock stops."""
    note = _require_note(note)
    if application.status != ApplicationStatus.READY_FOR_ISSUE:
        raise Refusal(_("只有待发放的申请可以窗口发放"))
    if application.form.get("delivery", {}).get("method") != "window":
        raise Refusal(_("该申请选择了邮寄，不能在窗口发放"))
    application.handed_over_at = utcnow()
    change_status(application, ApplicationStatus.ISSUED, actor, "handed_over", note)


def end_waiting(application: Application) -> None:
    """Close the open pause and correction request, if any."""
    now = utcnow()
    pause = open_pause(application)
    if pause:
        pause.ended_at = now
    correction = open_correction(application)
    if correction:
        correction.resolved_at = now


def merged(form: dict, values: dict[str, str | list[str]]) -> dict:
    """A copy of the form with the corrected leaves replaced (numbers parsed where they are numbers)."""
    fields = correctable_fields()
    result = copy.deepcopy(form)
    for path, raw in values.items():
        keys = path.split(".")
        target = result
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        if path == BACKUP_TRADE_NAMES:  # the 备选字号 typed with a corrected trade name replace the old ones
            backups = [name.strip() for name in raw if name.strip()]
            if backups:
                target[keys[-1]] = backups
            else:
                target.pop(keys[-1], None)
            continue
        text = raw.strip()
        if fields[path].kind == "number":
            try:
                target[keys[-1]] = int(text)
            except ValueError:
                target[keys[-1]] = text  # the schema answers with its own message
        else:
            if path in ("legal_representative.id_number", "legal_representative.name"):
                _same_person_follows(result, form["legal_representative"].get("id_number"), keys[-1], text)
            target[keys[-1]] = text
    return result


def _same_person_follows(form: dict, id_number: str | None, key: str, new: str) -> None:
    """The legal representative is often a shareholder too: the one person's corrected name or number
    is corrected wherever they are named (else the shareholder would become a second party, or one
    ID number would carry two names)."""
    for holder in form.get("shareholders") or []:
        if id_number and new and holder.get("id_number") == id_number:
            holder[key] = new


def _shown(errors: dict[str, list[str]], paths: list[str]) -> dict[str, list[str]]:
    """The errors on the fields the applicant may change (a backup's error is at name.backup_trade_names.N)."""
    return {path: messages for path, messages in errors.items()
            if any(path == named or path.startswith(named + ".") for named in paths)}


def _refused_again(before: dict, after: dict) -> dict[str, list[str]]:
    """A corrected trade name or backup may not be one name approval has just refused."""
    refused = {before["trade_name"], *(before.get("backup_trade_names") or [])}
    errors: dict[str, list[str]] = {}
    typed = [(TRADE_NAME, after["trade_name"])] + [
        (f"{BACKUP_TRADE_NAMES}.{index}", backup) for index, backup in enumerate(after.get("backup_trade_names") or [])]
    for path, trade_name in typed:
        if trade_name in refused:
            errors[path] = [_("“%(trade_name)s”未获核准，请填写新的字号", trade_name=trade_name)]
    return errors


def _name_follows(application: Application) -> None:
    """A corrected trade name is the name applied for now; name approval runs again with it."""
    name = application.form["name"]
    application.company_name = name_rules.full_name(name["region"], name["trade_name"], name["industry"],
                                                    name["org_form"])
    application.name_key = name_rules.name_key(name["region"], name["trade_name"], name["industry"])


def resubmit(application: Application, values: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """Apply the applicant's corrections; returns errors by field path, or {} once the pipeline may resume.

    Only the fields the clerk named are taken; the merged form is validated by the one schema.
    The pause ends, the apply due time moves later by the paused working time, and the steps
    that were stuck are put back in line (done steps stay done). No commit.

    The application's row is held first: of two corrections posted at once, the second finds the
    first done (no longer awaiting correction) instead of filing a second 申请书 beside it.
    """
    hold_fresh(application.id)
    correction = open_correction(application)
    if application.status != ApplicationStatus.AWAITING_CORRECTION or correction is None:
        return {"_": [_("该申请目前不需要补正")]}
    named = [f["field"] for f in correction.fields]
    paths = [path for field in named for path in corrected_paths(field)]
    empty: dict[str, str | list[str]] = {BACKUP_TRADE_NAMES: []}
    form, errors = validate_application(merged(application.form, {p: values.get(p, empty.get(p, "")) for p in paths}))
    if TRADE_NAME in named and form is not None:
        errors = _refused_again(application.form["name"], form["name"])
    if not errors and form == application.form:
        return {"_": [_("提交的内容与原来相同，请填写更正后的内容再提交")]}
    if errors:
        return _shown(errors, paths) or {"_": [m for messages in errors.values() for m in messages]}
    application.form = form
    record_digests(application)  # the keyed hashes follow a corrected ID number or phone
    if TRADE_NAME in named:
        _name_follows(application)
    for step in application.steps:
        if step.status in StepStatus.STUCK:
            reset_step(step)  # back in line; they run once the application is under way again
    fixed = "、".join(str(correctable_fields()[p].label) for p in named)
    if signatures_of(application):
        # The 申请书 states every fact: what the parties signed is not what is filed now. They sign the
        # corrected one; the pause (the applicant's time) ends with the last signature (applications.accept).
        open_correction(application).resolved_at = utcnow()
        request_signatures_again(application)
        change_status(application, ApplicationStatus.AWAITING_SIGNATURES, "applicant", "correction_submitted",
                      _("已补正：%(fields)s。申请书已更新，待全体签署人重新签署", fields=fixed))
        return {}
    end_waiting(application)  # filed before the parties signed at all (no signature rows): none to sign again
    db.session.flush()
    pauses = [(p.started_at, p.ended_at) for p in pauses_of(application)]
    stamp_apply_clock(application, application.accepted_at or application.submitted_at, pauses)
    change_status(application, ApplicationStatus.PROCESSING, "applicant", "correction_submitted",
                  _("已补正：%(fields)s", fields=fixed))
    return {}
