"""Enterprise name rules (企业名称登记管理规定 2020; 实施办法 2023).

A name is 行政区划 + 字号 (trade name) + 行业或经营特点 (industry) + 组织形式 (org form),
e.g. 竹溪县 + 云帆 + 科技 + 有限公司.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.rules import catalogues, regions

TRADE_NAME_MIN = 2
# The rules set no maximum. Ten characters keeps the whole name (region + trade name +
# industry + org form, ≈ 20 characters) inside the upper arc of a 40 mm round seal and on
# one line of the licence; longer trade names are in practice refused at the window.
TRADE_NAME_MAX = 10

_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

LLC_FORMS = frozenset({"有限公司", "有限责任公司"})
# 个人独资企业 may not call itself 公司 (公司法 applies to companies only).
SOLE_PROPRIETORSHIP_FORMS = frozenset({
    "厂", "店", "中心", "工作室", "商行", "经营部", "门市部", "服务部", "部", "行", "馆", "坊", "社",
    "所", "事务所", "场", "室", "园", "庄", "企业",
})
# 合伙企业法 第十五条、第六十二条: the name states 普通合伙 / 有限合伙 (特殊普通合伙 for
# professional firms), conventionally in brackets after the org form: "中心（有限合伙）".
PARTNERSHIP_MARKS = ("（普通合伙）", "（有限合伙）", "（特殊普通合伙）")
PARTNERSHIP_FORMS = SOLE_PROPRIETORSHIP_FORMS | {"", "合伙企业"}
# 个体工商户: neither 公司 nor 企业.
INDIVIDUAL_BUSINESS_FORMS = frozenset({
    "店", "馆", "部", "行", "中心", "工作室", "坊", "厂", "社", "室", "场", "屋", "堂", "阁", "铺", "站",
    "园", "苑", "吧", "庄", "院", "所", "经营部", "门市部", "服务部", "商行", "商店",
})
# 农民专业合作社法 第十三条: the name contains 专业合作社 (联合社 for a union of them).
COOPERATIVE_FORMS = frozenset({"专业合作社", "专业合作社联合社", "农民专业合作社"})


@dataclass(frozen=True)
class NameProblem:
    """One reason a proposed name cannot be registered, with how to fix it."""

    code: str
    message_zh: str
    message_en: str


def _normalise_brackets(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


def _org_form_fits(org_form: str, entity_type: str) -> bool:
    if "公司" in org_form and entity_type != "llc":
        return False
    match entity_type:
        case "llc":
            return org_form in LLC_FORMS
        case "sole_proprietorship":
            return org_form in SOLE_PROPRIETORSHIP_FORMS
        case "partnership":
            form = _normalise_brackets(org_form)
            return any(form.endswith(mark) and form[: -len(mark)] in PARTNERSHIP_FORMS for mark in PARTNERSHIP_MARKS)
        case "individual_business":
            return org_form in INDIVIDUAL_BUSINESS_FORMS
        case "cooperative":
            return org_form in COOPERATIVE_FORMS
    return False


_ORG_FORM_HINTS: dict[str, tuple[str, str]] = {
    "llc": ("有限责任公司的组织形式应为“有限公司”或“有限责任公司”", "a limited company ends in 有限公司 or 有限责任公司"),
    "sole_proprietorship": (
        "个人独资企业不能使用“公司”，组织形式可用“厂”“店”“中心”“工作室”“商行”等",
        "a sole proprietorship may not be a 公司; use 厂, 店, 中心, 工作室, 商行 or similar",
    ),
    "partnership": (
        "合伙企业的组织形式后应标明“（普通合伙）”“（有限合伙）”或“（特殊普通合伙）”，例如“中心（有限合伙）”",
        "a partnership's org form ends in （普通合伙）, （有限合伙） or （特殊普通合伙）, e.g. 中心（有限合伙）",
    ),
    "individual_business": (
        "个体工商户不能使用“公司”或“企业”，组织形式可用“店”“馆”“部”“行”“中心”“工作室”“坊”等",
        "an individual business may not be a 公司 or 企业; use 店, 馆, 部, 行, 中心, 工作室, 坊 or similar",
    ),
    "cooperative": (
        "农民专业合作社的组织形式应为“专业合作社”",
        "a farmers' cooperative ends in 专业合作社",
    ),
}


def _forbidden_problems(text: str) -> list[NameProblem]:
    problems = []
    for word, category in catalogues.forbidden_words().items():
        if word not in text:
            continue
        if category == "restricted":
            problems.append(NameProblem(
                "forbidden_word",
                f"名称中含有“{word}”，此类字词须报国务院批准，本中心无法办理，请换用其他字词",
                f"the name contains “{word}”, which needs State Council approval; please choose other words",
            ))
        else:
            problems.append(NameProblem(
                "forbidden_word",
                f"名称中不能使用“{word}”，请换用其他字词",
                f"the name may not contain “{word}”; please choose other words",
            ))
    return problems


def _trade_name_problems(trade_name: str) -> list[NameProblem]:
    problems = []
    if len(trade_name) < TRADE_NAME_MIN:
        problems.append(NameProblem(
            "trade_name_too_short",
            f"字号至少需要{TRADE_NAME_MIN}个汉字，请补充",
            f"the trade name needs at least {TRADE_NAME_MIN} Chinese characters",
        ))
    if len(trade_name) > TRADE_NAME_MAX:
        problems.append(NameProblem(
            "trade_name_too_long",
            f"字号最多{TRADE_NAME_MAX}个汉字，请缩短",
            f"the trade name may have at most {TRADE_NAME_MAX} characters; please shorten it",
        ))
    if trade_name and not _CHINESE.fullmatch(trade_name):
        problems.append(NameProblem(
            "trade_name_not_chinese",
            "字号只能使用汉字，不能含有字母、数字、空格或符号，请修改",
            "the trade name may only use Chinese characters (no letters, digits, spaces or symbols)",
        ))
    if trade_name in regions.region_names():
        problems.append(NameProblem(
            "trade_name_is_region",
            f"“{trade_name}”是行政区划名称，不能作为字号，请换一个字号",
            f"“{trade_name}” is a place name and cannot be the trade name; please choose another",
        ))
    if trade_name in catalogues.industry_terms():
        problems.append(NameProblem(
            "trade_name_is_industry",
            f"“{trade_name}”是行业用语，不能作为字号，请换一个有区别性的字号",
            f"“{trade_name}” is an industry term and cannot be the trade name; please choose a distinctive one",
        ))
    return problems


def name_problems(region: str, trade_name: str, industry: str, org_form: str, entity_type: str) -> list[NameProblem]:
    """Every reason the proposed name cannot be registered; empty when it can (before 'taken')."""
    region, trade_name, industry, org_form = (part.strip() for part in (region, trade_name, industry, org_form))
    problems = []
    if not regions.is_region_name(region):
        problems.append(NameProblem(
            "region_unknown",
            f"“{region}”不是有效的行政区划名称，请填写省、市或县（区）名称，例如“竹溪县”",
            f"“{region}” is not a known province, city or county name, e.g. 竹溪县",
        ))
    problems += _trade_name_problems(trade_name)
    if not industry:
        problems.append(NameProblem(
            "industry_missing",
            "请填写行业或经营特点，例如“科技”“商贸”",
            "please give the industry or business feature, e.g. 科技 or 商贸",
        ))
    # Each part on its own: "华中" + "国风" is no claim to be 中国.
    problems += _forbidden_problems(trade_name)
    problems += _forbidden_problems(industry)
    if not _org_form_fits(org_form, entity_type):
        hint_zh, hint_en = _ORG_FORM_HINTS.get(entity_type, ("请选择正确的企业类型", "please choose a valid entity type"))
        problems.append(NameProblem("bad_org_form", f"组织形式“{org_form}”不符合要求：{hint_zh}，请修改", f"org form “{org_form}” does not fit: {hint_en}"))
    return problems


def full_name(region: str, trade_name: str, industry: str, org_form: str) -> str:
    """The name as registered: the four parts joined, brackets made full-width."""
    return _normalise_brackets("".join(part.strip() for part in (region, trade_name, industry, org_form)))


def name_key(region: str, trade_name: str, industry: str) -> str:
    """Uniqueness key: one trade name per registration area and industry (实施办法 2023)."""
    return "|".join((regions.registration_area(region.strip()), trade_name.strip(), industry.strip()))
