"""The new unit as an employer (用人单位): which entity types register with the social insurance agency
and the housing fund centre at their start, and what the one form asks for those filings.

Both registrations are due whether or not anyone is hired yet — 社会保险法 第五十七条 (a unit applies
within thirty days of its establishment) and 住房公积金管理条例 第十四条 (a new unit registers with the
centre within thirty days) — which is why the service centres file them with the licence (件事).

By entity type:
- 有限责任公司, 个人独资企业, 合伙企业 are enterprises: 用人单位 under 社会保险法 第五十七条 and
  "城镇私营企业及其他城镇企业" under 住房公积金管理条例 第二条, and their social insurance registration
  was folded into the licence by 五证合一 (国办发〔2016〕53号).
- 农民专业合作社 is in 五证合一 too (国办发〔2016〕53号), employs as a 用人单位 and, a 法人 (民法典 第九十六条),
  is registered by the centres as a 缴存单位 like the other enterprises: both.
- 个体工商户: neither. Its licence integrates only the tax registration (两证整合, 工商个字〔2016〕167号),
  its operator joins social insurance as an individual (社会保险法 第十条第二款、第二十三条第二款) and the
  housing fund voluntarily (建金管〔2005〕5号 第一条: 城镇个体工商户…可申请缴存); it is not one of the
  单位 住房公积金管理条例 第二条 lists. Once it hires, it registers for its employees itself.

Pure: no Flask; the form and the pipeline both read these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

SOCIAL_INSURANCE = "social_insurance"  # 社会保险登记（含医保）
HOUSING_FUND = "housing_fund"  # 住房公积金单位开户
EMPLOYER_STEPS = (SOCIAL_INSURANCE, HOUSING_FUND)
NOT_AN_EMPLOYER_UNIT = frozenset({"individual_business"})

# 住房公积金管理条例 第十八条: a unit contributes no less than 5 % of wages; 建金〔2016〕74号
# (住房城乡建设部等关于规范和阶段性适当降低住房公积金缴存比例的通知): no more than 12 %. Whole percents, as
# the centres' forms offer them.
LOWEST_RATE_PERCENT = 5
HIGHEST_RATE_PERCENT = 12
CONTRIBUTION_RATES = tuple(range(LOWEST_RATE_PERCENT, HIGHEST_RATE_PERCENT + 1))
# A founder who hires nobody yet: no employees, the lowest rate the law allows (it can be raised any
# year at the centre, and costs nothing until someone is paid), the first payroll in the month the unit
# is registered.
DEFAULT_EMPLOYEES = 0
DEFAULT_RATE_PERCENT = LOWEST_RATE_PERCENT
MOST_EMPLOYEES_AT_START = 100_000
PAYROLL_MONTH_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"  # YYYY-MM, as the agencies take it
_PAYROLL_MONTH = re.compile(PAYROLL_MONTH_PATTERN)


def employer_steps(entity_type: str) -> tuple[str, ...]:
    """The employer registrations an entity type files with its licence (see the module's docstring)."""
    return () if entity_type in NOT_AN_EMPLOYER_UNIT else EMPLOYER_STEPS


def is_allowed_rate(rate: object) -> bool:
    """A housing fund contribution rate the centre takes: a whole percent from 5 to 12."""
    return isinstance(rate, int) and not isinstance(rate, bool) and LOWEST_RATE_PERCENT <= rate <= HIGHEST_RATE_PERCENT


def is_payroll_month(text: object) -> bool:
    """"2026-12": a month as YYYY-MM."""
    return isinstance(text, str) and _PAYROLL_MONTH.fullmatch(text) is not None


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def payroll_month_filed(asked: str | None, registered_on: date) -> str:
    """The first payroll month to file: the one asked, but never before the month the unit was
    registered (a unit pays no wages before it exists, and the agency refuses such a month); the
    registration month when none was asked — a form signed in the month after it was filled, or a
    founder who hires nobody yet, files the month the unit is really established in."""
    registered = month_of(registered_on)
    return asked if asked and is_payroll_month(asked) and asked > registered else registered


@dataclass(frozen=True)
class EmployerFacts:
    """What the employer registrations are filed with: the form's answers, or the defaults."""

    employees_at_start: int = DEFAULT_EMPLOYEES
    first_payroll_month: str | None = None  # None: the month the unit is registered
    housing_fund_rate_percent: int = DEFAULT_RATE_PERCENT


def employer_facts(answers: dict | None) -> EmployerFacts:
    """The form's `employer` section with the defaults filled in (an application filed before the form
    asked has none)."""
    answers = answers or {}
    return EmployerFacts(
        employees_at_start=answers.get("employees_at_start", DEFAULT_EMPLOYEES),
        first_payroll_month=answers.get("first_payroll_month"),
        housing_fund_rate_percent=answers.get("housing_fund_rate_percent", DEFAULT_RATE_PERCENT),
    )
