"""Applications as the API shows them."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, SealVoucher, Step, StepStatus
from app.pipeline.plan import PUBLIC_STEPS
from app.rules.permits import permits_needed
from app.signing.queries import signatures_json
from app.signing.reasons import status_reason
from app.sla.lights import sla_view
from app.timefmt import iso
from app.vocabulary import AGENCIES

# The order API.md lists them in (documents are made on parallel branches, in any order).
KIND_ORDER = ("business_license", "seal_voucher", "tax_notice", "bank_notice",
              "application_form", "articles",  # the 申请书 and 章程, as the parties signed them
              "social_insurance_notice", "housing_fund_notice",  # made by the employer steps, when run
              "permit_notice",  # 告知书: only when the scope has a 许可项目
              "bundle")


def document_kinds(application: Application) -> list[str]:
    kinds = set(db.session.scalars(select(Document.kind).where(Document.application_id == application.id)))
    return [kind for kind in KIND_ORDER if kind in kinds]


def links(application: Application, token: str) -> dict:
    """API.md: the submit answer (and only it) hands the token back, once as `access_token` and once in
    `links.track`, the address GET /track/<number> exchanges for the cookie; no page shows either."""
    return {"self": url_for("api.get_application", number=application.number),
            "track": url_for("public.track", number=application.number, t=token)}


def created(application: Application, token: str) -> dict:
    return {"number": application.number, "access_token": token, "status": application.status,
            "due_at": iso(application.due_at), "links": links(application, token)}


def application_json(application: Application) -> dict:
    steps = [s for s in application.steps if s.name in PUBLIC_STEPS]
    return {
        "number": application.number,
        "status": application.status,
        "status_reason": status_reason(application),  # needs_review, awaiting_correction, rejected, withdrawn
        "company_name": application.company_name,
        "entity_type": application.entity_type,
        "channel": application.channel,
        "uscc": application.uscc,
        "submitted_at": iso(application.submitted_at),
        "accepted_at": iso(application.accepted_at),  # 受理: the last signature; the clock runs from here
        "sla": sla_view(application),  # due_at null until accepted
        "signatures": signatures_json(application),
        "steps": [{"step": s.name, "status": s.status, "reference": s.reference, "attempts": s.attempts,
                   "agency_ms": s.agency_ms,
                   "started_at": iso(s.started_at), "finished_at": iso(s.finished_at),
                   "detail": step_detail(s)} for s in steps],
        "documents": [{"kind": kind, "url": url_for("api.get_document", number=application.number, kind=kind)}
                      for kind in document_kinds(application)],
        "seal_voucher": seal_voucher_json(application),
        "permits_needed": permits_needed(application.form.get("business_scope", [])),  # 证照分离
    }


def seal_voucher_json(application: Application) -> dict | None:
    """The free-seal voucher as API.md shows it; null until the documents are issued."""
    if application.ready_at is None:  # the voucher is made with the seal order, issued with the bundle
        return None
    voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application.id))
    if voucher is None:
        return None
    return {"code": voucher.code, "seals": [seal["kind"] for seal in voucher.seals],
            "valid_until": voucher.valid_until.isoformat(), "redeemed_at": iso(voucher.redeemed_at),
            "free_seals": voucher.free_seals, "impressions_confirmed_at": iso(voucher.impressions_confirmed_at),
            "carved_at": iso(voucher.carved_at)}


def step_detail(step: Step) -> str | None:
    """One sentence for the applicant; None where the state says it all."""
    agency = AGENCIES[step.name]
    if step.status == StepStatus.RUNNING:
        return _("正在等待%(agency)s答复", agency=agency)
    if step.status == StepStatus.RETRYING:
        return _("等待%(agency)s答复，已重试%(n)d次", agency=agency, n=max(step.attempts - 1, 1))
    if step.status == StepStatus.NEEDS_REVIEW:
        return _("%(agency)s退回：%(reason)s，窗口工作人员正在处理", agency=agency, reason=step.error or "")
    if step.status == StepStatus.FAILED:
        return _("%(agency)s多次无法答复，窗口工作人员正在处理", agency=agency)
    return None
