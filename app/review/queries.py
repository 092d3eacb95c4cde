"""What the window's review has open for an application: its pause, its 补正 request, its promises,
and the fields of the one form a clerk may name for correction."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Application, CorrectionRequest, DocumentPromise, Pause
from forms.choices import BANKS, TAXPAYER_TYPE_LABELS


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
