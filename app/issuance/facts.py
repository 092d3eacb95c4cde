"""An application and its steps' answers, mapped to the documents' plain facts."""

from datetime import date, datetime

from app.documents.model import BankNotice, LicenceFacts, SealGrant, TaxNotice, VoucherFacts
from app.issuance.links import verify_url, voucher_url
from app.models import Application, SealVoucher
from app.timefmt import SHANGHAI
from app.vocabulary import ENTITY_TYPE_LABELS, INVOICE_TYPE_LABELS, TAXPAYER_TYPE_LABELS

# The tax agency does not say it: first invoices are granted at the 十万元 single-invoice limit.
FIRST_INVOICE_LIMIT_YUAN = 100_000


def local_date(moment: datetime | None) -> date:
    """The Shanghai calendar day of a stored time (today if the time is missing)."""
    return (moment or datetime.now(SHANGHAI)).astimezone(SHANGHAI).date()


def step_answer(application: Application, step_name: str) -> dict:
    """What the agency answered for one step ({} if it has not)."""
    return application.step(step_name).result or {}


def licence_facts(application: Application) -> LicenceFacts:
    form = application.form
    registered = local_date(application.registered_at)
    return LicenceFacts(
        uscc=application.uscc, name=application.company_name,
        entity_type_label=str(ENTITY_TYPE_LABELS[application.entity_type]),
        legal_representative=form["legal_representative"]["name"],
        registered_capital_yuan=form.get("registered_capital_yuan") or 0, established_on=registered,
        address=form["address"], business_scope=form["business_scope"], authority=application.authority,
        issued_on=registered, verify_url=verify_url(application.uscc),
    )


def tax_notice(application: Application, answer: dict | None = None,
               registered_on: date | None = None) -> TaxNotice:
    """税务事项通知书 from the tax agency's answer (the taxpayer id is the credit code);
    by default the answer on record."""
    if answer is None:
        answer = step_answer(application, "tax_registration")
        registered_on = local_date(application.step("tax_registration").finished_at)
    asked = application.form.get("tax", {})
    taxpayer_type = answer.get("taxpayer_type") or asked.get("taxpayer_type", "small_scale")
    invoice_types = answer.get("invoice_types") or asked.get("invoice_types", [])
    return TaxNotice(
        company_name=application.company_name,
        uscc=answer.get("taxpayer_id") or application.uscc,
        tax_office=answer.get("tax_office", ""),
        taxpayer_type=str(TAXPAYER_TYPE_LABELS.get(taxpayer_type, taxpayer_type)),
        invoice_kinds=[str(INVOICE_TYPE_LABELS.get(kind, kind)) for kind in invoice_types],
        invoice_max_amount_yuan=answer.get("invoice_max_amount_yuan", FIRST_INVOICE_LIMIT_YUAN),
        invoice_monthly_count=answer.get("monthly_invoice_quota", asked.get("monthly_invoice_quota", 0)),
        registered_on=registered_on or local_date(None),
    )


def bank_notice(application: Application, answer: dict | None = None,
                opened_on: date | None = None) -> BankNotice:
    """银行开户通知书 from the bank's answer; by default the answer on record."""
    if answer is None:
        answer = step_answer(application, "bank_account")
        opened_on = local_date(application.step("bank_account").finished_at)
    return BankNotice(
        company_name=application.company_name, uscc=application.uscc,
        bank_name=answer.get("bank") or application.form["bank"]["bank"],
        branch_name=answer.get("branch", ""), account_number=answer.get("account_number", ""),
        opened_on=opened_on or local_date(None),
    )


def voucher_facts(application: Application, voucher: SealVoucher) -> VoucherFacts:
    return VoucherFacts(
        company_name=application.company_name, uscc=application.uscc,
        seals=[SealGrant(seal["kind"], seal["code"], seal["free"]) for seal in voucher.seals],
        voucher_code=voucher.code, verify_url=voucher_url(voucher.code), valid_until=voucher.valid_until,
        legal_representative=application.form["legal_representative"]["name"],
    )
