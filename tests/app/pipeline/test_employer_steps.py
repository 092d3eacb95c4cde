"""社保（含医保）and 住房公积金 through the pipeline on the embedded backend, against the sandbox agencies:
what is filed (the form's answers or a founder's defaults), the notices, the bank account first where
the centre needs it, magic refusals and timeouts, and the applications that have no such steps."""

from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from zipfile import ZipFile

import pytest
import requests
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from app.extensions import db
from app.issuance.build import bundled_files
from app.issuance.facts import local_date
from app.issuance.print_job import print_pdf
from app.models import Application, ApplicationStatus, Document, Step, StepStatus
from app.pipeline.runner import mark_queued, run_step
from app.rules.employer import month_of
from forms.schema import validate_application
from integrations.registry import agencies
from integrations.sandbox.magic import RETURN_REASONS
from tests.factories import example_payload, filed_application, ready_application

EMPLOYER_STEPS = ("social_insurance", "housing_fund")


def sandbox_settings(sandbox, **settings) -> None:
    requests.post(sandbox.url + "/_sandbox/config", json=settings, timeout=5).raise_for_status()


def agency_stats(sandbox, agency: str) -> dict:
    return requests.get(sandbox.url + "/_sandbox/stats", timeout=5).json()[agency]


@pytest.fixture
def restore_sandbox(sandbox):
    yield sandbox
    requests.post(sandbox.url + "/_sandbox/reset", json={}, timeout=5)


def drive(application: Application) -> Application:
    """Every step, wave after wave, as the worker would; a step told to retry runs again at once (its
    backoff skipped). In a thread of its own, as tests.factories.run_pipeline (pyHanko's loop)."""
    app = current_app._get_current_object()

    def run(application_id: int) -> None:
        with app.app_context():
            step_ids = mark_queued(db.session.get(Application, application_id))
            while step_ids:
                next_ids = []
                for step_id in step_ids:
                    outcome = run_step(step_id)
                    if outcome.retry_in is not None:
                        db.session.execute(update(Step).where(Step.id == step_id).values(next_attempt_at=None))
                        db.session.commit()
                        next_ids.append(step_id)
                    next_ids += outcome.next_step_ids
                step_ids = next_ids

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run, application.id).result()
    db.session.expire_all()
    return application


def filed(**changes) -> Application:
    form, errors = validate_application(example_payload(**changes))
    assert not errors, errors
    return filed_application(form)


def stored(application: Application, kind: str) -> bytes | None:
    return db.session.scalar(select(Document.content).where(Document.application_id == application.id,
                                                             Document.kind == kind))


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).replace(" ", "")


def test_a_company_is_registered_as_an_employer_with_a_founder_s_defaults(app):
    with app.test_request_context():
        application = ready_application()
        social, fund = (application.step(name) for name in EMPLOYER_STEPS)
        assert social.status == fund.status == StepStatus.DONE
        assert social.reference.startswith("SB") and fund.reference.startswith("GJ")
        registered_month = month_of(local_date(application.registered_at))
        record = agencies().social_insurance.registration(social.result["social_insurance_number"])
        assert (record["employees_at_start"], record["first_payroll_month"]) == (0, registered_month)
        account = agencies().housing_fund.account(fund.result["unit_account_number"])
        assert account["contribution_rate_percent"] == 5 and not account.get("bank_account")
        assert social.result["filed"] == {"employees_at_start": 0, "first_payroll_month": registered_month}

        social_notice = pdf_text(stored(application, "social_insurance_notice"))
        assert "社会保险登记通知书" in social_notice and application.uscc in social_notice
        assert social.result["social_insurance_number"] in social_notice
        assert social.result["medical_insurance_number"] in social_notice
        fund_notice = pdf_text(stored(application, "housing_fund_notice"))
        assert "住房公积金单位登记通知书" in fund_notice and fund.result["unit_account_number"] in fund_notice
        assert "5%" in fund_notice and "基本存款账户" not in fund_notice.split("开户日期")[0].split("职工人数")[1]


def test_the_notices_go_in_the_bundle_and_the_print_job(app):
    """(needs app/issuance/build.py's bundled_files to list the employer notices)"""
    with app.test_request_context():
        application = ready_application()
        names = ZipFile(BytesIO(stored(application, "bundle"))).namelist()
        assert names[4:6] == ["社会保险登记通知书.pdf", "住房公积金单位登记通知书.pdf"]
        printed = print_pdf(application)
        pages = sum(len(PdfReader(BytesIO(stored(application, kind))).pages) for kind in bundled_files(application))
        assert len(PdfReader(BytesIO(printed)).pages) == pages
        assert application.step("social_insurance").result["social_insurance_number"] in pdf_text(printed)
        assert application.step("housing_fund").result["unit_account_number"] in pdf_text(printed)


def test_the_form_s_answers_are_filed_and_a_past_payroll_month_becomes_the_registration_month(app):
    with app.test_request_context():
        hiring = drive(filed(employer={"employees_at_start": 3, "first_payroll_month": "2099-12",
                                       "housing_fund_rate_percent": 12}))
        assert hiring.status == ApplicationStatus.READY_FOR_ISSUE, hiring.status_note
        social, fund = (hiring.step(name) for name in EMPLOYER_STEPS)
        assert social.result["filed"] == {"employees_at_start": 3, "first_payroll_month": "2099-12"}
        account = agencies().housing_fund.account(fund.result["unit_account_number"])
        assert (account["employees_at_start"], account["contribution_rate_percent"]) == (3, 12)
        assert "2099年12月" in pdf_text(stored(hiring, "social_insurance_notice"))

        late = drive(filed(employer={"first_payroll_month": "2020-01"}))
        assert late.status == ApplicationStatus.READY_FOR_ISSUE, late.status_note  # the agency would refuse 2020-01
        assert late.step("social_insurance").result["filed"]["first_payroll_month"] == month_of(
            local_date(late.registered_at))


def test_where_the_centre_needs_the_bank_account_the_housing_fund_files_it(app, restore_sandbox):
    app.config["HOUSING_FUND_NEEDS_BANK_ACCOUNT"] = True
    sandbox_settings(restore_sandbox, SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT=True)
    with app.test_request_context():
        application = drive(filed())
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
        bank, fund = application.step("bank_account"), application.step("housing_fund")
        assert fund.started_at >= bank.finished_at
        opened = {"bank": bank.result["bank"], "account_number": bank.result["account_number"]}
        assert fund.result["filed"]["bank_account"] == opened
        assert agencies().housing_fund.account(fund.result["unit_account_number"])["bank_account"] == opened
        assert bank.result["account_number"] in pdf_text(stored(application, "housing_fund_notice"))


def test_a_centre_that_needs_the_account_refuses_a_plan_that_does_not_wait_for_it(app, restore_sandbox):
    """The other shape: the setting off here, on at the centre — the clerk is told why."""
    sandbox_settings(restore_sandbox, SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT=True)
    with app.test_request_context():
        application = drive(filed())
        fund = application.step("housing_fund")
        assert fund.status == StepStatus.NEEDS_REVIEW and "基本存款账户" in fund.error
        assert application.status == ApplicationStatus.NEEDS_REVIEW
        assert stored(application, "housing_fund_notice") is None


@pytest.mark.parametrize(("word", "step", "agency"), [("社保退回", "social_insurance", "social_insurance"),
                                                      ("公积金退回", "housing_fund", "housing_fund")])
def test_a_returned_filing_goes_to_the_clerk_with_the_agency_s_reason(app, word, step, agency):
    with app.test_request_context():
        application = drive(filed(address=f"湖北省十堰市竹溪县城关镇{word}路1号"))
        refused = application.step(step)
        assert refused.status == StepStatus.NEEDS_REVIEW and refused.error == RETURN_REASONS[agency]
        assert application.status == ApplicationStatus.NEEDS_REVIEW and RETURN_REASONS[agency] in application.status_note
        other = next(name for name in EMPLOYER_STEPS if name != step)
        assert application.step(other).status == StepStatus.DONE
        assert application.step("documents").status == StepStatus.PENDING


@pytest.mark.parametrize(("word", "agency"), [("社保超时", "social_insurance"), ("公积金超时", "housing_fund")])
def test_a_filing_that_outlasts_the_read_timeout_is_retried_under_its_key_with_one_effect(
        app, restore_sandbox, word, agency):
    app.config["AGENCY_READ_TIMEOUT"] = 0.5
    sandbox_settings(restore_sandbox, SANDBOX_TIMEOUT_SECONDS=1.5)
    before = agency_stats(restore_sandbox, agency)
    with app.test_request_context():
        application = drive(filed(address=f"湖北省十堰市竹溪县城关镇{word}路1号"))
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
        assert application.step(agency).attempts >= 2
    after = agency_stats(restore_sandbox, agency)
    assert after["effects"] - before["effects"] == 1  # the timed-out call and its retry: one registration
    assert after["duplicates_per_application"] == before["duplicates_per_application"]


def test_an_application_filed_before_the_employer_steps_still_becomes_ready(app):
    """Filed under the old plan: no rows for the two steps; documents does not wait for them."""
    with app.test_request_context():
        application = filed()
        db.session.execute(delete(Step).where(Step.application_id == application.id, Step.name.in_(EMPLOYER_STEPS)))
        db.session.commit()
        db.session.expire_all()
        drive(application)
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
        assert {s.name for s in application.steps} & set(EMPLOYER_STEPS) == set()
        assert stored(application, "social_insurance_notice") is None
        names = ZipFile(BytesIO(stored(application, "bundle"))).namelist()
        assert names[:4] == ["营业执照.pdf", "免费刻章凭证.pdf", "税务事项通知书.pdf", "银行开户通知书.pdf"]
        assert not {"社会保险登记通知书.pdf", "住房公积金单位登记通知书.pdf"} & set(names)
        assert print_pdf(application) is not None


def test_an_individual_business_is_filed_without_the_employer_steps(app):
    """个体工商户 registers neither as a unit (app.rules.employer); it still becomes ready."""
    with app.test_request_context():
        payload = example_payload(entity_type="individual_business")
        payload["name"]["org_form"] = "店"
        payload.pop("shareholders")
        application = filed_application(validate_application(payload)[0])
        assert {s.name for s in application.steps} & set(EMPLOYER_STEPS) == set()
        drive(application)
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
