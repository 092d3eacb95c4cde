"""The employer notices (社会保险登记通知书, 住房公积金单位登记通知书), from their steps' answers on record."""

from app.documents.employer_notices import EMPLOYER_NOTICES, NOTICE_OF_STEP, render_employer_notice
from tests.factories import COMPANY, USCC

SOCIAL_INSURANCE = {
    "reference": "SB20261203000001", "social_insurance_number": "4203240000000017",
    "medical_insurance_number": "4203240000000042", "registered_at": "2026-12-03T10:15:00+08:00",
    "authority": "竹溪县人力资源和社会保障局", "medical_insurance_authority": "竹溪县医疗保障局",
    "filed": {"employees_at_start": 0, "first_payroll_month": "2026-12"},
}
HOUSING_FUND = {
    "reference": "GJ20261203000001", "unit_account_number": "420324000000017",
    "opened_at": "2026-12-03T10:16:00+08:00", "authority": "十堰市住房公积金中心竹溪县管理部",
    "filed": {"employees_at_start": 3, "contribution_rate_percent": 12,
              "bank_account": {"bank": "中国农业银行", "account_number": "4203240000000000017"}},
}


def test_the_social_insurance_notice_names_both_registrations(probe, fonts_embedded):
    pdf = render_employer_notice("social_insurance", COMPANY, USCC, SOCIAL_INSURANCE)
    text = probe.text(pdf)
    for expected in ("社会保险登记通知书", COMPANY, USCC, "4203240000000017", "竹溪县人力资源和社会保障局",
                     "4203240000000042", "竹溪县医疗保障局", "2026年12月03日", "暂未招用职工", "2026年12月",
                     "第五十八条"):
        assert expected in text, expected
    fonts_embedded(probe.fonts(pdf))


def test_the_housing_fund_notice_names_the_account_the_rate_and_the_bank_account(probe, fonts_embedded):
    pdf = render_employer_notice("housing_fund", COMPANY, USCC, HOUSING_FUND)
    text = probe.text(pdf)
    for expected in ("住房公积金单位登记通知书", COMPANY, USCC, "420324000000017", "十堰市住房公积金中心竹溪县管理部",
                     "12%", "3人", "中国农业银行 4203240000000000017", "2026年12月03日", "第十五条"):
        assert expected in text, expected
    fonts_embedded(probe.fonts(pdf))


def test_without_a_bank_account_filed_the_housing_fund_notice_leaves_its_row_out(probe):
    filed = {"employees_at_start": 0, "contribution_rate_percent": 5}
    text = probe.text(render_employer_notice("housing_fund", COMPANY, USCC, HOUSING_FUND | {"filed": filed}))
    assert "5%" in text and "中国农业银行" not in text


def test_each_employer_step_has_one_notice_of_its_own():
    assert [n.step for n in EMPLOYER_NOTICES] == ["social_insurance", "housing_fund"]
    assert NOTICE_OF_STEP["housing_fund"].kind == "housing_fund_notice"  # API.md's document kind
    assert len({n.file_name for n in EMPLOYER_NOTICES}) == len(EMPLOYER_NOTICES)
