"""The employer notices: 社会保险登记通知书 (with the medical insurance registration) and 住房公积金单位登记通知书.

Each is its own A4 page, drawn as the tax and bank notices are. The social insurance numbers are not
printed on the tax notice: the two steps run side by side and answer at different times, and the tax
notice is made the moment the tax office answers — sharing a page would make one wait for the other,
or draw the tax notice twice. Each notice is made from its step's answer on record (the agency's
answer plus what was filed, `filed`), so re-rendering later needs nothing else.
"""

from dataclasses import dataclass
from datetime import date, datetime

from app.documents.licence import licence_date
from app.documents.notices import notice_page
from app.rules.employer import HIGHEST_RATE_PERCENT, HOUSING_FUND, LOWEST_RATE_PERCENT, SOCIAL_INSURANCE
from app.timefmt import SHANGHAI


@dataclass(frozen=True)
class EmployerNotice:
    """Which step makes which document, under which file name in the bundle."""

    step: str
    kind: str
    file_name: str


EMPLOYER_NOTICES = (
    EmployerNotice(SOCIAL_INSURANCE, "social_insurance_notice", "社会保险登记通知书.pdf"),
    EmployerNotice(HOUSING_FUND, "housing_fund_notice", "住房公积金单位登记通知书.pdf"),
)
NOTICE_OF_STEP = {notice.step: notice for notice in EMPLOYER_NOTICES}


def _day(moment: str | None) -> date:
    """The Shanghai calendar day of an agency's ISO 8601 time (today when it gave none)."""
    parsed = datetime.fromisoformat(moment) if moment else datetime.now(SHANGHAI)
    return parsed.astimezone(SHANGHAI).date()


def _month_words(month: str) -> str:
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


def _head_count(filed: dict) -> str:
    employees = filed.get("employees_at_start", 0)
    return f"{employees}人" if employees else "0人（暂未招用职工）"


def render_social_insurance_notice(company_name: str, uscc: str, result: dict) -> bytes:
    """社会保险登记通知书: the unit's social insurance number and, filed in the same step, its medical
    insurance number (医保, its own bureau since 2018)."""
    filed = result.get("filed", {})
    rows = [
        ("单位名称", company_name),
        ("统一社会信用代码", uscc),
        ("社会保险登记编号", result["social_insurance_number"]),
        ("社会保险经办机构", result.get("authority", "")),
        ("医疗保险单位编号", result["medical_insurance_number"]),
        ("医疗保障经办机构", result.get("medical_insurance_authority", "")),
        ("登记日期", licence_date(_day(result.get("registered_at")))),
        ("开办时职工人数", _head_count(filed)),
        ("首次缴费月份", _month_words(filed["first_payroll_month"]) if filed.get("first_payroll_month") else ""),
    ]
    return notice_page(
        "社会保险登记通知书", "（单位社会保险登记及医疗保险参保登记）", rows,
        "单位已办理社会保险登记和医疗保险参保登记，无需另行申请。招用职工的，应自用工之日起三十日内为职工"
        "办理社会保险登记（《社会保险法》第五十八条），并按月自行申报、按时足额缴纳社会保险费（第六十条）。",
    )


def render_housing_fund_notice(company_name: str, uscc: str, result: dict) -> bytes:
    """住房公积金单位登记通知书: the unit account opened, at the contribution rate asked for."""
    filed = result.get("filed", {})
    bank_account = filed.get("bank_account")
    rows = [
        ("单位名称", company_name),
        ("统一社会信用代码", uscc),
        ("单位住房公积金账号", result["unit_account_number"]),
        ("住房公积金管理机构", result.get("authority", "")),
        ("单位缴存比例", f"{filed.get('contribution_rate_percent', '')}%"),
        ("开办时职工人数", _head_count(filed)),
        *([("基本存款账户", f"{bank_account['bank']} {bank_account['account_number']}")] if bank_account else []),
        ("开户日期", licence_date(_day(result.get("opened_at")))),
    ]
    return notice_page(
        "住房公积金单位登记通知书", "（住房公积金单位缴存登记）", rows,
        "单位录用职工的，应自录用之日起三十日内为职工办理住房公积金账户设立或转移手续（《住房公积金管理条例》"
        "第十五条），并于每月发放工资之日起五日内将单位缴存和为职工代缴的住房公积金汇缴到住房公积金专户（第十九条）。"
        f"缴存比例在{LOWEST_RATE_PERCENT}%至{HIGHEST_RATE_PERCENT}%之间，可按年度申请调整。",
    )


RENDERERS = {SOCIAL_INSURANCE: render_social_insurance_notice, HOUSING_FUND: render_housing_fund_notice}


def render_employer_notice(step: str, company_name: str, uscc: str, result: dict) -> bytes:
    """The notice of one employer step, from that step's answer on record."""
    return RENDERERS[step](company_name, uscc, result)
