"""The employer registrations (用人单位), each in parallel with seal, tax and bank once the unit is
registered: 社会保险登记 with 医保 in one filing, and 住房公积金单位开户. Each files the unit with its agency
and makes its notice at once, as the tax and bank steps make theirs.

Which applications have these steps at all is the plan's business (app.pipeline.plan.steps_for and
app.rules.employer.employer_steps); what they file is the form's `employer` section, or the defaults
of a founder who hires nobody yet (an application filed before the form asked has none).
"""

from flask import current_app

from app.documents.employer_notices import NOTICE_OF_STEP, render_employer_notice
from app.issuance.build import store
from app.issuance.facts import local_date, step_answer
from app.models import Application, Step, StepStatus
from app.pipeline.answer import Answer, timed
from app.refusal import Refusal
from app.rules.employer import HOUSING_FUND, SOCIAL_INSURANCE, employer_facts, payroll_month_filed
from integrations.registry import agencies


def unit(application: Application) -> dict:
    """The unit as both agencies file it: registered name and place, its legal representative, head count."""
    form = application.form
    return {
        "application_number": application.number,
        "uscc": application.uscc,
        "full_name": application.company_name,
        "region_code": current_app.config["CENTRE_REGION_CODE"],
        "legal_representative": {k: form["legal_representative"][k] for k in ("name", "id_number")},
        "address": form["address"],
        "employees_at_start": employer_facts(form.get("employer")).employees_at_start,
    }


def _answered(step: Step, application: Application, answer: dict, filed: dict, ms: int) -> Answer:
    """The answer with what was filed beside it (the notice prints both), and the notice stored with it."""
    result = answer | {"filed": filed}
    notice = NOTICE_OF_STEP[step.name]
    pdf = render_employer_notice(step.name, application.company_name, application.uscc, result)
    return Answer(answer["reference"], result, lambda app: store(app, notice.kind, pdf), ms)


def social_insurance(step: Step, application: Application) -> Answer:
    """社会保险登记 (社会保险法 第五十七条), the medical insurance registration filed with it.

    The first payroll month is never before the month the unit was registered (the agency refuses
    such a month): a form filled in one month and signed in the next still files."""
    facts = employer_facts(application.form.get("employer"))
    body = unit(application) | {
        "first_payroll_month": payroll_month_filed(facts.first_payroll_month, local_date(application.registered_at))}
    answer, ms = timed(lambda: agencies().social_insurance.register(body, idempotency_key=step.idempotency_key))
    filed = {k: body[k] for k in ("employees_at_start", "first_payroll_month")}
    return _answered(step, application, answer, filed, ms)


def basic_account(application: Application) -> dict:
    """The basic deposit account (基本存款账户) the bank step opened, as the housing fund centre asks for it."""
    bank = application.step("bank_account")
    if bank.status != StepStatus.DONE:  # the plan waits for it; a centre's setting changed mid-way
        raise Refusal("住房公积金中心要求提供单位基本存款账户，但银行开户尚未完成，请窗口核实后重新办理")
    opened = step_answer(application, "bank_account")
    return {"bank": opened["bank"], "account_number": opened["account_number"]}


def housing_fund(step: Step, application: Application) -> Answer:
    """住房公积金单位开户 (住房公积金管理条例 第十四条), at the contribution rate asked (第十八条), with the
    basic deposit account where the centre needs it (HOUSING_FUND_NEEDS_BANK_ACCOUNT)."""
    facts = employer_facts(application.form.get("employer"))
    body = unit(application) | {"contribution_rate_percent": facts.housing_fund_rate_percent}
    if current_app.config["HOUSING_FUND_NEEDS_BANK_ACCOUNT"]:
        body["bank_account"] = basic_account(application)
    answer, ms = timed(lambda: agencies().housing_fund.open_account(body, idempotency_key=step.idempotency_key))
    filed = {k: body[k] for k in ("employees_at_start", "contribution_rate_percent", "bank_account") if k in body}
    return _answered(step, application, answer, filed, ms)


EMPLOYER_EXECUTORS = {SOCIAL_INSURANCE: social_insurance, HOUSING_FUND: housing_fund}
