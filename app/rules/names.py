"""Enterprise name rules (企业名称登记管理规定 2020; 实施办法 2023).

A name is 行政区划 + 字号 (trade name) + 行业或经营特点 (industry) + 组织形式 (org form),
e.g. 竹溪县 + 云帆 + 科技 + 有限公司. `name_problems` gives the reasons a name is refused;
`name_warnings` what an examiner may object to (a well-known enterprise's trade name). The
comparison with names already registered is app.rules.name_similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opencc import OpenCC

from app.rules import catalogues, regions
from app.rules.catalogues import name_lists

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

REFUSE = "refuse"
WARN = "warn"

# 规定 第五条: 企业名称应当使用规范汉字 — the 《通用规范汉字表》(2013). A character that the
# traditional-to-simplified conversion changes is not one of them, except these, which the
# table keeps as standard in the uses noted in its 附件1: 乾 (乾坤, 乾隆), 於 and 甯 (surnames),
# 徵 (宫商角徵羽), 吒 (哪吒).
_STANDARD_DESPITE_CONVERSION = frozenset("乾於甯徵吒")
_TO_SIMPLIFIED = OpenCC("t2s")


def N_(message: str) -> str:
    """Marks a message for extraction (N_ is one of pybabel's default keywords) and returns it as
    it is: the rules stay free of Flask, and the layer that shows a problem translates it."""
    return message


@dataclass(frozen=True)
class NameProblem:
    """One reason a proposed name cannot be registered, with how to fix it.

    `message` is the Chinese source text with %(name)s placeholders for `params`; a person reads
    it through the translation layer (forms.schema.problem_message).
    """

    code: str
    message: str
    params: dict[str, str | int] = field(default_factory=dict)
    level: str = REFUSE  # REFUSE: the name cannot be had; WARN: it can, but an examiner may object
    conflicts_with: str | None = None  # the other enterprise's full name, for near names

    @property
    def message_zh(self) -> str:
        """The message in Chinese, for answers that are never translated (the sandbox agency's)."""
        return self.message % self.params if self.params else self.message


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


# Whole sentences per entity type, so a translator sees each one entire.
_BAD_ORG_FORM: dict[str, str] = {
    "llc": N_("组织形式“%(org_form)s”不符合要求：有限责任公司的组织形式应为“有限公司”或“有限责任公司”，请修改"),
    "sole_proprietorship": N_(
        "组织形式“%(org_form)s”不符合要求：个人独资企业不能使用“公司”，组织形式可用“厂”“店”“中心”“工作室”“商行”等，请修改"),
    "partnership": N_(
        "组织形式“%(org_form)s”不符合要求：合伙企业的组织形式后应标明“（普通合伙）”“（有限合伙）”或“（特殊普通合伙）”，"
        "例如“中心（有限合伙）”，请修改"),
    "individual_business": N_(
        "组织形式“%(org_form)s”不符合要求：个体工商户不能使用“公司”或“企业”，"
        "组织形式可用“店”“馆”“部”“行”“中心”“工作室”“坊”等，请修改"),
    "cooperative": N_("组织形式“%(org_form)s”不符合要求：农民专业合作社的组织形式应为“专业合作社”，请修改"),
}
_BAD_ORG_FORM_UNKNOWN_TYPE = N_("组织形式“%(org_form)s”不符合要求：请选择正确的企业类型，请修改")


def _forbidden_problems(text: str) -> list[NameProblem]:
    # 规定 第十一条 (forbidden content) and 第十二条 (words the State Council approves).
    problems = []
    for word, category in name_lists.forbidden_words().items():
        if word not in text:
            continue
        if category == "restricted":
            message = N_("名称中含有“%(word)s”，此类字词须报国务院批准，本中心无法办理，请换用其他字词")
        else:
            message = N_("名称中不能使用“%(word)s”，请换用其他字词")
        problems.append(NameProblem("forbidden_word", message, {"word": word}))
    return problems


def traditional_characters(text: str) -> list[tuple[str, str]]:
    """(character, its simplified form) for each character of `text` that is not 规范汉字 (规定 第五条)."""
    converted = _TO_SIMPLIFIED.convert(text)  # word by word, so 乾坤 stays 乾坤
    if len(converted) != len(text):
        converted = "".join(_TO_SIMPLIFIED.convert(c) for c in text)
    return [(old, new) for old, new in zip(text, converted, strict=True)
            if old != new and old not in _STANDARD_DESPITE_CONVERSION]


def _traditional_problems(text: str) -> list[NameProblem]:
    found = traditional_characters(text)
    if not found:
        return []
    return [NameProblem("traditional_characters",
                        N_("名称应使用规范汉字，“%(characters)s”是繁体字或异体字，请改为“%(simplified)s”"),
                        {"characters": "".join(old for old, _ in found), "simplified": "".join(new for _, new in found)})]


def is_region_as_trade_name(trade_name: str) -> bool:
    """规定 第八条第二款: a region's name may not be the trade name, 另有含义的除外 (东方, 光明, 和平 …)."""
    return trade_name in regions.region_names() and trade_name not in name_lists.region_words_with_other_meaning()


def _trade_name_problems(trade_name: str) -> list[NameProblem]:
    # 规定 第八条: 字号应当由两个以上汉字组成; region names and industry terms are no trade name.
    problems = []
    if len(trade_name) < TRADE_NAME_MIN:
        problems.append(NameProblem("trade_name_too_short", N_("字号至少需要%(n)d个汉字，请补充"),
                                    {"n": TRADE_NAME_MIN}))
    if len(trade_name) > TRADE_NAME_MAX:
        problems.append(NameProblem("trade_name_too_long", N_("字号最多%(n)d个汉字，请缩短"), {"n": TRADE_NAME_MAX}))
    if trade_name and not _CHINESE.fullmatch(trade_name):
        problems.append(NameProblem("trade_name_not_chinese",
                                    N_("字号只能使用汉字，不能含有字母、数字、空格或符号，请修改")))
    if is_region_as_trade_name(trade_name):
        problems.append(NameProblem("trade_name_is_region",
                                    N_("“%(trade_name)s”是行政区划名称，不能作为字号，请换一个字号"),
                                    {"trade_name": trade_name}))
    if trade_name in catalogues.industry_terms():
        problems.append(NameProblem("trade_name_is_industry",
                                    N_("“%(trade_name)s”是行业用语，不能作为字号，请换一个有区别性的字号"),
                                    {"trade_name": trade_name}))
    return problems


def name_problems(region: str, trade_name: str, industry: str, org_form: str, entity_type: str) -> list[NameProblem]:
    """Every reason the proposed name cannot be registered; empty when it can (before 'taken')."""
    region, trade_name, industry, org_form = (part.strip() for part in (region, trade_name, industry, org_form))
    problems = []
    if not regions.is_region_name(region):
        problems.append(NameProblem(
            "region_unknown", N_("“%(region)s”不是有效的行政区划名称，请填写省、市或县（区）名称，例如“竹溪县”"),
            {"region": region}))
    problems += _trade_name_problems(trade_name)
    if not industry:
        problems.append(NameProblem("industry_missing", N_("请填写行业或经营特点，例如“科技”“商贸”")))
    problems += _traditional_problems(trade_name + industry)
    # Each part on its own: "华中" + "国风" is no claim to be 中国; 中華 is 中华 all the same.
    problems += _forbidden_problems(_TO_SIMPLIFIED.convert(trade_name))
    problems += _forbidden_problems(_TO_SIMPLIFIED.convert(industry))
    if not _org_form_fits(org_form, entity_type):
        message = _BAD_ORG_FORM.get(entity_type, _BAD_ORG_FORM_UNKNOWN_TYPE)
        problems.append(NameProblem("bad_org_form", message, {"org_form": org_form}))
    return problems


def name_warnings(trade_name: str) -> list[NameProblem]:
    """What an examiner may object to in a name the rules allow: a well-known enterprise's trade name.

    规定 第十一条(八) (可能使公众受骗或者产生误解); 反不正当竞争法 第六条(二) (他人有一定影响的
    企业名称，包括简称、字号). A warning, not a refusal: the registry decides.
    """
    trade_name = trade_name.strip()
    return [NameProblem("well_known_name",
                        N_("字号含有知名企业“%(enterprise)s”的字号“%(word)s”，可能被认定为使公众误解的名称，建议更换字号"),
                        {"enterprise": known.enterprise, "word": known.trade_name}, level=WARN,
                        conflicts_with=known.enterprise)
            for known in name_lists.well_known_trade_names() if known.trade_name in trade_name]


def full_name(region: str, trade_name: str, industry: str, org_form: str) -> str:
    """The name as registered: the four parts joined, brackets made full-width."""
    return _normalise_brackets("".join(part.strip() for part in (region, trade_name, industry, org_form)))


def registration_area_of(region: str) -> str:
    """The registration authority's area a name's region part stands for ("湖北省十堰市竹溪县" → "竹溪")."""
    return regions.registration_area(region.strip())


def name_key(region: str, trade_name: str, industry: str) -> str:
    """Uniqueness key: one trade name per registration area and industry (实施办法 2023)."""
    return "|".join((registration_area_of(region), trade_name.strip(), industry.strip()))
