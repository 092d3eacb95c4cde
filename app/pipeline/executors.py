"""What each step does: build the agency's request from the application, call, keep the answer.

An executor returns an `Answer`; it never commits. `Answer.apply` writes what the answer
means for the application itself (the credit code, the ready state) in the same transaction
that marks the step done. An executor that must not go on (its inputs are missing) raises
`app.refusal.Refusal`; the runner then sends the step to a clerk (needs_review) with the message,
as it does an agency's `Refused`.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import datetime

from flask import current_app

from app.applications.operations import change_status, record
from app.eseals.issue import new_electronic_seals, seals_of
from app.extensions import db
from app.issuance.build import (
    BUNDLE,
    bank_notice_pdf,
    bundle,
    bundled_files,
    licence_pdf,
    permit_notice_pdf,
    store,
    store_licence_documents,
    tax_notice_pdf,
    voucher_pdf,
)
from app.issuance.operations import voucher_for
from app.models import Application, ApplicationStatus, SignatureStatus, Step
from app.models.types import utcnow
from app.pipeline.answer import Answer, timed
from app.pipeline.employer_steps import EMPLOYER_EXECUTORS
from app.rules import names
from app.shipping.operations import record_shipment
from app.shipping.queries import by_courier, waybill_request
from app.signing.queries import filing_document, signatures_of
from app.sla.lights import stamp_issue_clock
from app.timefmt import iso
from integrations.base import Refused
from integrations.name_approval import refuses_the_name
from integrations.registry import agencies


class Postponed(Exception):
    """The application is not in a state for this step's effect: run the step again later."""


def trade_names_in_order(name: dict) -> list[str]:
    """The trade name, then its backups (备选字号) in the order the applicant gave them."""
    return [name["trade_name"], *(name.get("backup_trade_names") or [])]


def attempt_key(step_key: str, index: int) -> str:
    """Each trade name tried has its own Idempotency-Key, stable across retries of the step: a crash
    or a retry asks again under the same keys and gets the first answers, never a second reservation.
    The first keeps the step's own key."""
    return step_key if index == 0 else f"{step_key}-backup{index}"


def not_approved(trade_name: str, full: str, error: Refused) -> dict:
    """Why a trade name was not approved, as the step's result and the tracking page keep it."""
    return {"trade_name": trade_name, "full_name": full, "code": error.code, "reason": error.reason}


def all_refused(tried: list[dict], last: Refused) -> Refused:
    """Every trade name refused: one refusal naming each and why (a clerk asks for a new trade name, 补正).
    Its details list them (`not_approved`), which is how the step tells this refusal from any other."""
    details = last.details | {"not_approved": tried}
    if len(tried) == 1:
        return Refused(last.code, last.reason, last.status, details)
    reason = "；".join(f"“{t['trade_name']}”：{t['reason']}" for t in tried)
    return Refused(last.code, f"字号及备选字号均未获核准（{reason}）", last.status, details)


def name_approval(step: Step, application: Application) -> Answer:
    """名称自主申报: reserve the trade name, or at once the next backup when the agency refuses it.

    A transient failure of any call retries the whole step (the keys replay the names already
    answered). The result keeps why each earlier name was not approved: the step row is the truth
    the tracking page reads, written with the step's done state; the audit trail gets one line too.
    """
    name = application.form["name"]
    client = agencies().name_approval
    tried: list[dict] = []
    started = time.perf_counter()
    for index, trade_name in enumerate(trade_names_in_order(name)):
        try:
            answer = client.reserve(application.number, name["region"], trade_name, name["industry"],
                                    name["org_form"], application.entity_type,
                                    idempotency_key=attempt_key(step.idempotency_key, index))
        except Refused as error:
            if not refuses_the_name(error):
                raise
            tried.append(not_approved(
                trade_name, names.full_name(name["region"], trade_name, name["industry"], name["org_form"]), error))
            last = error
            continue
        result = answer | {"trade_name": trade_name, "backup_number": index, "not_approved": tried}
        waited = round((time.perf_counter() - started) * 1000)  # every name the agency was asked about
        return Answer(answer["reference"], result, approved(name, trade_name, answer, tried), waited)
    raise all_refused(tried, last)


def approved(name: dict, trade_name: str, answer: dict, tried: list[dict]) -> Callable[[Application], None]:
    """The application takes the name actually approved (company_name, name_key)."""

    def apply(app: Application) -> None:
        app.company_name = answer.get("full_name") or names.full_name(
            name["region"], trade_name, name["industry"], name["org_form"])
        app.name_key = names.name_key(name["region"], trade_name, name["industry"])
        if tried:
            refused_names = "；".join(f"“{t['trade_name']}”未获核准：{t['reason']}" for t in tried)
            record(app, "system", "backup_name_approved",
                   f"{refused_names}；已核准备选字号“{trade_name}”：{app.company_name}")

    return apply


def signatories(application: Application) -> list[dict]:
    """Who signed the 申请书 (API.md: the registration record names who signed): each party that
    signed, with roles, when (ISO 8601) and, at the window, the witnessing clerk."""
    signed = []
    for signature in signatures_of(application):
        if signature.status != SignatureStatus.SIGNED:
            continue
        entry = {"name": signature.name, "roles": list(signature.roles), "signed_at": iso(signature.signed_at)}
        if signature.witnessed_by and signature.witnessed_at is not None:
            entry["witnessed_by"] = signature.witnessed_by
        signed.append(entry)
    return signed


def _filed_form_sha256(application: Application) -> str | None:
    """SHA-256 of the signed 申请书 as it is filed (with every party's signature)."""
    document = filing_document(application.id, "application_form")
    return hashlib.sha256(document.content).hexdigest() if document is not None else None


def registration(step: Step, application: Application) -> Answer:
    form = application.form
    body = {
        "application_number": application.number,
        "name_reference": application.step("name_approval").reference,
        "full_name": application.company_name,
        "entity_type": application.entity_type,
        "region_code": current_app.config["CENTRE_REGION_CODE"],
        "registered_capital_yuan": form.get("registered_capital_yuan"),
        "legal_representative": {k: form["legal_representative"][k] for k in ("name", "id_number")},
        "address": form["address"],
        "business_scope": form["business_scope"],
        "shareholders": [{k: s[k] for k in ("name", "id_number", "contribution_yuan")}
                         for s in form.get("shareholders", [])],
        "signatories": signatories(application),
        "application_form_sha256": _filed_form_sha256(application),
    }
    answer, ms = timed(lambda: agencies().registration.register(body, idempotency_key=step.idempotency_key))

    def apply(app: Application) -> None:
        app.uscc = answer["uscc"]
        app.registered_at = datetime.fromisoformat(answer["registered_at"])
        app.authority = answer["authority"]

    return Answer(answer["reference"], answer, apply, ms)


def _company(application: Application) -> dict:
    return {"application_number": application.number, "uscc": application.uscc,
            "company_name": application.company_name}


def seal_carving(step: Step, application: Application) -> Answer:
    """Order the seals; the free-seal voucher (with the ordered seal codes) is made right here."""
    body = _company(application) | {"seals": application.form["seals"]}
    answer, ms = timed(lambda: agencies().seal_carving.order(body, idempotency_key=step.idempotency_key))
    voucher = voucher_for(application, answer.get("seal_codes", {}))
    pdf = voucher_pdf(application, voucher)
    # 电子印章: one for each seal kind on the voucher, issued with it (a repeated step keeps its seals).
    eseals = new_electronic_seals(application, voucher, (seal.kind for seal in seals_of(application)))

    def apply(app: Application) -> None:
        db.session.add(voucher)
        store(app, "seal_voucher", pdf)
        for seal in eseals:
            db.session.add(seal)

    return Answer(answer["reference"], answer, apply, ms)


def tax_registration(step: Step, application: Application) -> Answer:
    body = _company(application) | application.form["tax"]
    answer, ms = timed(lambda: agencies().tax.register(body, idempotency_key=step.idempotency_key))
    pdf = tax_notice_pdf(application, answer)
    return Answer(answer["reference"], answer, lambda app: store(app, "tax_notice", pdf), ms)


def bank_account(step: Step, application: Application) -> Answer:
    body = _company(application) | {"bank": application.form["bank"]["bank"],
                                    "legal_representative": application.form["legal_representative"]["name"]}
    answer, ms = timed(lambda: agencies().bank.open_account(body, idempotency_key=step.idempotency_key))
    pdf = bank_notice_pdf(application, answer)
    return Answer(answer["reference"], answer, lambda app: store(app, "bank_notice", pdf), ms)


def licence(step: Step, application: Application) -> Answer:
    """Render and sign the 电子营业执照 while seal, tax and bank are still answering, with the
    经营许可告知书 beside it when the scope has a 许可项目 (证照分离)."""
    pdf, notice = licence_pdf(application), permit_notice_pdf(application)
    return Answer(None, {"signed": True, "permit_notice": notice is not None},
                  lambda app: store_licence_documents(app, pdf, notice))


def documents(step: Step, application: Application) -> Answer:
    """Pack the bundle and hand the application to the window or the courier (待发放)."""
    packed = bundle(application)

    def apply(app: Application) -> None:
        store(app, BUNDLE, packed, "application/zip")
        if app.status not in (ApplicationStatus.PROCESSING, ApplicationStatus.NEEDS_REVIEW):
            raise Postponed  # a clerk rejected it or sent it back meanwhile
        now = utcnow()
        app.ready_at = now
        stamp_issue_clock(app, now)
        change_status(app, ApplicationStatus.READY_FOR_ISSUE, "system", "documents_ready")

    return Answer(None, {"documents": [*bundled_files(application), BUNDLE]}, apply)


def shipment(step: Step, application: Application) -> Answer:
    """证照邮寄: book the waybill for courier delivery; window delivery needs nothing."""
    if not by_courier(application):
        return Answer(None, {"delivery": "window"})
    booked, ms = timed(lambda: agencies().courier.book(waybill_request(application),
                                                       idempotency_key=step.idempotency_key))
    return Answer(booked["waybill_number"], booked, lambda app: record_shipment(app, booked), ms)


EXECUTORS: dict[str, Callable[[Step, Application], Answer]] = {
    "name_approval": name_approval,
    "registration": registration,
    "seal_carving": seal_carving,
    "tax_registration": tax_registration,
    "bank_account": bank_account,
    **EMPLOYER_EXECUTORS,  # social_insurance, housing_fund (app.pipeline.employer_steps)
    "licence": licence,
    "documents": documents,
    "shipment": shipment,
}
