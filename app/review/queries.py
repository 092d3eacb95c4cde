"""What the window's review has open for an application: its pause, its 补正 request, its promises,
and the fields of the one form a clerk may name for correction."""

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Application, CorrectionRequest, DocumentPromise, Pause, StepStatus
from app.vocabulary import FIELD_LABELS, TAXPAYER_TYPE_LABELS
from forms.choices import BANKS

TRADE_NAME = "name.trade_name"
BACKUP_TRADE_NAMES = "name.backup_trade_names"


@dataclass(frozen=True)
class CorrectableField:
    """A leaf of the one form an applicant can be asked to fix, with how to ask for it."""

    path: str
    label: str
    kind: str = "text"  # text | number | choice | trade_names (the trade name with its backups, 备选字号)
    choices: tuple[tuple[str, str], ...] = ()


def _field(path: str, kind: str = "text", choices: tuple[tuple[str, str], ...] = ()) -> CorrectableField:
    """Named as the form names it, so the applicant recognises the field they are asked to fix."""
    return CorrectableField(path, FIELD_LABELS[path], kind, choices)


def _fields() -> tuple[CorrectableField, ...]:
    return (
        # Only while name approval has refused every trade name (review.operations.request_correction).
        _field(TRADE_NAME, "trade_names"),
        _field("address"),
        _field("registered_capital_yuan", "number"),
        _field("legal_representative.name"),
        _field("legal_representative.id_number"),
        _field("legal_representative.phone"),
        _field("tax.taxpayer_type", "choice", tuple((k, str(v)) for k, v in TAXPAYER_TYPE_LABELS.items())),
        _field("tax.monthly_invoice_quota", "number"),
        _field("bank.bank", "choice", tuple((b, b) for b in BANKS)),
        _field("contact.name"),
        _field("contact.phone"),
        _field("contact.email"),
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


def open_pause(application: Application) -> Pause | None:
    return db.session.scalar(select(Pause).where(Pause.application_id == application.id, Pause.ended_at.is_(None)))


def open_correction(application: Application) -> CorrectionRequest | None:
    return db.session.scalar(select(CorrectionRequest).where(
        CorrectionRequest.application_id == application.id, CorrectionRequest.resolved_at.is_(None))
        .order_by(CorrectionRequest.id.desc()))


def promises_of(application: Application) -> list[DocumentPromise]:
    return list(db.session.scalars(select(DocumentPromise).where(DocumentPromise.application_id == application.id)
                                   .order_by(DocumentPromise.id)))


def correction_for(application: Application) -> list[dict] | None:
    """The open 补正 request as the tracking page lists it (label and reason), or None."""
    correction_request = open_correction(application)
    if correction_request is None:
        return None
    fields = correctable_fields()
    return [{"label": str(fields[f["field"]].label) if f["field"] in fields else f["field"], "reason": f["reason"]}
            for f in correction_request.fields]


def corrected_paths(path: str) -> tuple[str, ...]:
    """The form's paths one named field covers: the trade name brings its backups along."""
    return (TRADE_NAME, BACKUP_TRADE_NAMES) if path == TRADE_NAME else (path,)


def name_refused(application: Application) -> bool:
    """Whether name approval refused the trade name and every backup (the step waits for a clerk).

    Not any refusal of the step: one of the request itself, or our own, leaves the names untried,
    and only a refusal that lists every name not approved is one a new trade name can answer."""
    step = next((s for s in application.steps if s.name == "name_approval"), None)
    if step is None or step.status != StepStatus.NEEDS_REVIEW:
        return False
    kept = step.result or {}
    if "refusal" not in kept:  # refused before refusals were kept (2026-12-07): as it was then judged
        return True
    return bool((kept["refusal"] or {}).get("not_approved"))

