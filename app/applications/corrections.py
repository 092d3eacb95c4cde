"""补正 from the applicant's side: the fields a clerk may name, and the resubmission that resumes the pipeline."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.applications.review import end_waiting, open_correction, reset_step
from app.applications.status import change_status
from app.extensions import db
from app.models import Application, ApplicationStatus, Pause, StepStatus
from app.pipeline.sla import apply_due_at
from forms.choices import BANKS, TAXPAYER_TYPE_LABELS
from forms.schema import validate_application


@dataclass(frozen=True)
class CorrectableField:
    """A leaf of the one form an applicant can be asked to fix, with how to ask for it."""

    path: str
    label: str
    kind: str = "text"  # text | number | choice
    choices: tuple[tuple[str, str], ...] = ()


def _fields() -> tuple[CorrectableField, ...]:
    return (
        CorrectableField("address", _l("住所（经营场所）")),
        CorrectableField("registered_capital_yuan", _l("注册资本（元）"), "number"),
        CorrectableField("legal_representative.name", _l("法定代表人姓名")),
        CorrectableField("legal_representative.id_number", _l("法定代表人身份证号码")),
        CorrectableField("legal_representative.phone", _l("法定代表人手机号码")),
        CorrectableField("tax.taxpayer_type", _l("纳税人类型"), "choice",
                         tuple((k, str(v)) for k, v in TAXPAYER_TYPE_LABELS.items())),
        CorrectableField("tax.monthly_invoice_quota", _l("每月发票领用数量"), "number"),
        CorrectableField("bank.bank", _l("开户银行"), "choice", tuple((b, b) for b in BANKS)),
        CorrectableField("contact.name", _l("联系人姓名")),
        CorrectableField("contact.phone", _l("联系人手机号码")),
        CorrectableField("contact.email", _l("联系人电子邮箱")),
    )


def correctable_fields() -> dict[str, CorrectableField]:
    return {f.path: f for f in _fields()}


def value_at(form: dict, path: str):
    value = form
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def merged(form: dict, values: dict[str, str]) -> dict:
    """A copy of the form with the corrected leaves replaced (numbers parsed where they are numbers)."""
    fields = correctable_fields()
    result = _deep_copy(form)
    for path, raw in values.items():
        keys = path.split(".")
        target = result
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        text = raw.strip()
        if fields[path].kind == "number":
            try:
                target[keys[-1]] = int(text)
            except ValueError:
                target[keys[-1]] = text  # the schema answers with its own message
        else:
            target[keys[-1]] = text
    return result


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def resubmit(application: Application, values: dict[str, str]) -> dict[str, list[str]]:
    """Apply the applicant's corrections; returns errors by field path, or {} once the pipeline may resume.

    Only the fields the clerk named are taken; the merged form is validated by the one schema.
    The pause ends, the apply due time moves later by the paused working time, and the steps
    that were stuck are put back in line (done steps stay done). No commit.
    """
    correction = open_correction(application)
    if application.status != ApplicationStatus.AWAITING_CORRECTION or correction is None:
        return {"_": [_("该申请目前不需要补正")]}
    named = [f["field"] for f in correction.fields]
    form, errors = validate_application(merged(application.form, {p: values.get(p, "") for p in named}))
    if errors:
        shown = {path: messages for path, messages in errors.items() if path in named}
        return shown or {"_": [m for messages in errors.values() for m in messages]}
    application.form = form
    end_waiting(application)
    db.session.flush()
    pauses = [(p.started_at, p.ended_at) for p in
              db.session.query(Pause).filter(Pause.application_id == application.id)]
    application.due_at = apply_due_at(application.submitted_at, pauses)
    for step in application.steps:
        if step.status in (StepStatus.NEEDS_REVIEW, StepStatus.FAILED):
            reset_step(step)
    fixed = "、".join(str(correctable_fields()[p].label) for p in named)
    change_status(application, ApplicationStatus.PROCESSING, "applicant", "correction_submitted",
                  _("已补正：%(fields)s", fields=fixed))
    return {}
