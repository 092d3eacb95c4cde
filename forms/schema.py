"""The one combined form (一表申请): one marshmallow schema for the API and the HTML form.

`validate_application(payload)` returns (data, errors): errors is a flat mapping of field
paths (`legal_representative.id_number`, `shareholders.1.contribution_yuan`) to lists of
messages in the request's language, every problem at once.
"""

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.rules import catalogues
from app.rules import employer as employer_rules
from app.rules import id_number as id_rules
from app.rules import names as name_rules
from app.timefmt import SHANGHAI
from forms import characters
from forms.choices import BANKS, DELIVERY_METHODS, ENTITY_TYPES, INVOICE_TYPES, SEAL_KINDS, TAXPAYER_TYPES

REQUIRED = {"required": _l("必填项，请填写"), "null": _l("必填项，请填写")}
NOT_TEXT = {"invalid": _l("请填写文字")}


# What each class of text may hold (forms.characters), said the way the field's owner fixes it.
CHARACTER_MESSAGES = {
    characters.PERSON_NAME: _l("姓名只能使用汉字；少数民族姓名的各部分之间用间隔号“·”分隔，例如“阿依古丽·买买提”"),
    characters.CONTACT_NAME: _l("姓名只能使用汉字（少数民族姓名用间隔号“·”分隔），或英文字母，单词之间用一个空格或“-”分隔"),
    characters.ADDRESS: _l("地址只能使用汉字、数字、字母、空格和“－ - # ( ) （ ） , ， 、 . · /”，开头和结尾不能是空格"),
    characters.ENTERPRISE_NAME_PART: _l("只能使用汉字，不能含有字母、数字、空格或符号"),
}


def only(pattern: str):
    """A validator: the whole value is of the character class `pattern` (forms.characters)."""
    def check(value: str) -> None:
        if not characters.allowed(pattern, value):
            raise ValidationError(str(CHARACTER_MESSAGES[pattern]))
    return check


def text(max_length: int, min_length: int = 1, required: bool = True, allowed: str | None = None,
         **metadata) -> fields.String:
    """A text field of bounded length; `allowed` names its character class, published as its pattern
    (and, for the classes forms.characters names, as a format saying what kind of text it is)."""
    checks = [validate.Length(min=min_length, max=max_length, error=_l("长度应为{min}到{max}个字符"))]
    if allowed:
        checks.append(only(allowed))
        metadata = {"pattern": allowed} | ({"format": characters.FORMATS[allowed]} if allowed in characters.FORMATS
                                           else {}) | metadata
    return fields.String(required=required, error_messages=REQUIRED | NOT_TEXT, validate=checks, metadata=metadata)


def whole_yuan(minimum: int = 0) -> fields.Integer:
    return fields.Integer(required=True, strict=True, error_messages=REQUIRED | {"invalid": _l("请填写整数金额（元）")},
                          validate=validate.Range(min=minimum, max=10**12, error=_l("金额应在{min}元以上")))


# The shapes /api/v1/openapi.json publishes for the two checks below (tests hold them to the checks).
MOBILE_PHONE = "^1[3-9][0-9]{9}$"
ID_NUMBER_SHAPE = "^[0-9]{17}[0-9Xx]$"


def _check_mobile(value: str) -> None:
    if not id_rules.is_mobile_phone(value):
        raise ValidationError(_("请填写11位手机号码，例如13800000000"))


def _check_id(value: str) -> None:
    problems = id_rules.id_problems(value)
    if problems:
        raise ValidationError(id_message(problems[0]))


def id_message(problem: str) -> str:
    return {
        "length": _("身份证号码应为18位，请核对"),
        "format": _("身份证号码前17位应为数字，最后一位为数字或X，请核对"),
        "region": _("身份证号码前6位不是有效的行政区划代码，请核对"),
        "birth_date": _("身份证号码中的出生日期不是有效日期，请核对"),
        "check_char": _("身份证号码最后一位校验不正确，请核对"),
    }.get(problem, _("身份证号码不正确，请核对"))


class IdNumberField(fields.String):
    """An ID number as people type it: a final lower-case x is the same check character as X
    (GB 11643-1999 prints X); it is stored upper case."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return id_rules.normalise_id(text) if text == text.strip() else text


def id_number() -> fields.String:
    return IdNumberField(required=True, error_messages=REQUIRED | NOT_TEXT, validate=_check_id, metadata={
        "pattern": ID_NUMBER_SHAPE, "format": "cn-resident-id",
        "description": "公民身份号码, GB 11643-1999: a GB/T 2260 region code, a real birth date since 1900 "
                       "and the ISO 7064 MOD 11-2 check character (X, or x, stored upper case)"})


def mobile_phone(required: bool = True) -> fields.String:
    return fields.String(required=required, error_messages=REQUIRED | NOT_TEXT, validate=_check_mobile,
                         metadata={"pattern": MOBILE_PHONE})


class Strict(Schema):
    """Unknown fields are refused, not ignored. Text is taken as sent, never trimmed: what the HTML
    form posts is trimmed before (forms.html), and an API client is told, by the field's character
    class, when a value starts or ends with a space."""

    class Meta:
        unknown = RAISE


BACKUP_TRADE_NAMES_MAX = 4


class NameSchema(Strict):
    region = text(20, allowed=characters.ENTERPRISE_NAME_PART, format="cn-region-name",
                  description="A GB/T 2260 region name in current use: full (竹溪县), short (竹溪) or "
                              "province to county (湖北省十堰市竹溪县)")
    trade_name = text(20, allowed=characters.ENTERPRISE_NAME_PART)
    industry = text(20, allowed=characters.ENTERPRISE_NAME_PART)
    org_form = text(20)
    # 备选字号: tried in order at name approval when the trade name is taken or refused (API.md).
    backup_trade_names = fields.List(
        text(20, allowed=characters.ENTERPRISE_NAME_PART), required=False,
        error_messages=NOT_TEXT | {"invalid": _l("备选字号应为列表")},
        validate=validate.Length(max=BACKUP_TRADE_NAMES_MAX, error=_l("备选字号最多填写{max}个")),
        metadata={"description": "备选字号: up to four trade names, tried in order when the trade name is "
                                 "taken or refused at name approval; each judged by the trade-name rules, "
                                 "none the same as the trade name or another backup"})


class PersonSchema(Strict):
    name = text(30, allowed=characters.PERSON_NAME)
    id_number = id_number()
    phone = mobile_phone()


class ShareholderSchema(Strict):
    name = text(60, allowed=characters.PERSON_NAME)
    id_number = id_number()
    contribution_yuan = whole_yuan(minimum=1)
    # Required for every shareholder who is not the legal representative: each party signs from
    # their own phone (API.md, Signing); checked across fields below.
    phone = mobile_phone(required=False)


class TaxSchema(Strict):
    taxpayer_type = fields.String(required=True, error_messages=REQUIRED,
                                  validate=validate.OneOf(TAXPAYER_TYPES, error=_l("请选择纳税人类型")))
    invoice_types = fields.List(fields.String(validate=validate.OneOf(INVOICE_TYPES, error=_l("不支持的发票种类"))),
                                required=True, error_messages=REQUIRED,
                                validate=validate.Length(min=1, error=_l("请至少选择一种发票")))
    monthly_invoice_quota = fields.Integer(required=True, strict=True,
                                           error_messages=REQUIRED | {"invalid": _l("请填写整数份数")},
                                           validate=validate.Range(min=0, max=1000, error=_l("每月领用数量应在0到1000份之间")))


class BankSchema(Strict):
    bank = fields.String(required=True, error_messages=REQUIRED,
                         validate=validate.OneOf(BANKS, error=_l("请从列表中选择开户银行")))


def _check_rate(value: int) -> None:
    if not employer_rules.is_allowed_rate(value):
        raise ValidationError(_("住房公积金单位缴存比例应为%(low)d%%到%(high)d%%之间的整数",
                                low=employer_rules.LOWEST_RATE_PERCENT, high=employer_rules.HIGHEST_RATE_PERCENT))


def _check_payroll_month(value: str) -> None:
    if not employer_rules.is_payroll_month(value):
        raise ValidationError(_("请按“年-月”填写，例如2026-12"))


class EmployerSchema(Strict):
    """What the social insurance and housing fund registrations need (app.rules.employer); every field
    optional, with the defaults of a founder who hires nobody yet."""

    employees_at_start = fields.Integer(
        required=False, strict=True, error_messages={"invalid": _l("请填写整数人数，尚未招用职工填0")},
        validate=validate.Range(min=0, max=employer_rules.MOST_EMPLOYEES_AT_START,
                                error=_l("职工人数应在{min}到{max}人之间")),
        metadata={"description": "开办时招用职工人数; default 0 (a founder who hires nobody yet)"})
    first_payroll_month = fields.String(
        required=False, error_messages=NOT_TEXT, validate=_check_payroll_month,
        metadata={"pattern": employer_rules.PAYROLL_MONTH_PATTERN,
                  "description": "首次发放工资月份, YYYY-MM; default, and at the earliest, the month the unit "
                                 "is registered (an earlier month is filed as that month)"})
    housing_fund_rate_percent = fields.Integer(
        required=False, strict=True, error_messages={"invalid": _l("请填写整数百分比，例如5")},
        validate=_check_rate,
        metadata={"description": "住房公积金单位缴存比例 in whole percent, 5 to 12 (住房公积金管理条例 第十八条, "
                                 "建金〔2016〕74号); default 5"})


class DeliverySchema(Strict):
    method = fields.String(required=True, error_messages=REQUIRED,
                           validate=validate.OneOf(DELIVERY_METHODS, error=_l("请选择窗口领取或免费邮寄")))
    recipient = text(30, required=False, allowed=characters.CONTACT_NAME)
    phone = mobile_phone(required=False)
    address = text(200, min_length=5, required=False, allowed=characters.ADDRESS)

    @validates_schema
    def courier_needs_address(self, data: dict, **kwargs) -> None:
        errors: dict[str, list[str]] = {}
        extra = ("recipient", "phone", "address")
        if data.get("method") == "courier":
            for key in extra:
                if not data.get(key):
                    errors[key] = [_("选择免费邮寄时必须填写")]
        elif data.get("method") == "window":
            for key in extra:
                if key in data:
                    errors[key] = [_("窗口领取无需填写此项，请删除")]
        if errors:
            raise ValidationError(errors)


class ContactSchema(Strict):
    name = text(30, allowed=characters.CONTACT_NAME)
    phone = mobile_phone()
    # 254: the longest address SMTP carries (RFC 5321 4.5.3.1.3, a path of 256 with its brackets).
    email = fields.String(required=False, error_messages=NOT_TEXT, metadata={"format": "email", "maxLength": 254},
                          validate=[validate.Length(max=254, error=_l("电子邮箱最长{max}个字符")),
                                    validate.Email(error=_l("电子邮箱格式不正确，例如 name@example.com"))])


class ApplicationSchema(Strict):
    name = fields.Nested(NameSchema, required=True, error_messages=REQUIRED)
    entity_type = fields.String(required=True, error_messages=REQUIRED,
                                validate=validate.OneOf(ENTITY_TYPES, error=_l("请选择企业类型")))
    registered_capital_yuan = whole_yuan(minimum=1)
    address = text(200, min_length=5, allowed=characters.ADDRESS)
    business_scope = fields.List(fields.String(), required=True, error_messages=REQUIRED,
                                 validate=validate.Length(min=1, max=30, error=_l("请选择1到30项经营范围")))
    legal_representative = fields.Nested(PersonSchema, required=True, error_messages=REQUIRED)
    shareholders = fields.List(fields.Nested(ShareholderSchema), required=False)
    tax = fields.Nested(TaxSchema, required=True, error_messages=REQUIRED)
    seals = fields.List(fields.String(validate=validate.OneOf(SEAL_KINDS, error=_l("不支持的印章种类"))),
                        required=True, error_messages=REQUIRED,
                        validate=validate.Length(min=1, max=len(SEAL_KINDS), error=_l("请选择需要刻制的印章")))
    bank = fields.Nested(BankSchema, required=True, error_messages=REQUIRED)
    # 社保 + 公积金 (optional, defaults in app.rules.employer); refused for an entity type that registers neither.
    employer = fields.Nested(EmployerSchema, required=False)
    delivery = fields.Nested(DeliverySchema, required=True, error_messages=REQUIRED)
    contact = fields.Nested(ContactSchema, required=True, error_messages=REQUIRED)

    @validates_schema(skip_on_field_errors=False, pass_original=True)  # every problem at once, not in rounds
    def rules_across_fields(self, data: dict, original: Any = None, **kwargs) -> None:
        errors: dict[str, Any] = {}
        errors.update(_scope_problems(data.get("business_scope")))
        errors.update(_seal_problems(data.get("seals")))
        errors.update(_name_problems(data.get("name"), data.get("entity_type"), _sent_backups(original)))
        errors.update(_investor_problems(data))
        errors.update(_legal_representative_problems(data.get("legal_representative")))
        errors.update(_employer_problems(data))
        if errors:
            raise ValidationError(errors)


# Who may invest, by entity type: (key in the form, fewest, most) or None where none apply.
INVESTORS = {
    "llc": (1, 50),  # 有限责任公司: 1 to 50 shareholders
    "partnership": (2, None),  # 合伙企业: at least two partners
    "cooperative": (5, None),  # 农民专业合作社: at least five members
    "sole_proprietorship": None,  # 个人独资企业: the investor is the legal representative
    "individual_business": None,  # 个体工商户: run by the operator
}


def _investor_problems(data: dict) -> dict:
    entity_type = data.get("entity_type")
    if entity_type not in INVESTORS:
        return {}
    bounds = INVESTORS[entity_type]
    shareholders = data.get("shareholders")
    if bounds is None:
        if shareholders is not None:
            return {"shareholders": [_("个人独资企业和个体工商户不填写股东，请删除此项")]}
        return {}
    fewest, most = bounds
    if not shareholders:
        return {"shareholders": [_("请至少填写%(n)d名股东或出资人", n=fewest)]}
    if len(shareholders) < fewest or (most and len(shareholders) > most):
        return {"shareholders": [_("此企业类型的出资人数量应为%(fewest)d名以上", fewest=fewest)
                                 if not most else _("股东人数应为%(fewest)d到%(most)d名", fewest=fewest, most=most)]}
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    legal = data.get("legal_representative") or {}
    representative = legal.get("id_number")
    for index, holder in enumerate(shareholders):
        if holder.get("id_number") in seen:
            errors[f"shareholders.{index}.id_number"] = [_("同一出资人不能重复填写")]
        seen.add(holder.get("id_number"))
        if (representative and legal.get("name") and holder.get("name")  # each name valid on its own
                and holder.get("id_number") == representative and holder.get("name") != legal.get("name")):
            # One ID number is one person, who signs once (app.signing.parties): a second name for it
            # is a typing error or someone else's number, never a second signer.
            errors[f"shareholders.{index}.name"] = [
                _("该股东的身份证件号码与法定代表人相同，姓名也应相同；如是两个人，请核对身份证件号码")]
        if holder.get("id_number") != representative and not holder.get("phone"):
            errors[f"shareholders.{index}.phone"] = [_("请填写该股东本人的手机号码，用于实名签署")]
    capital = data.get("registered_capital_yuan")
    contributions = [h.get("contribution_yuan") for h in shareholders]
    if None in contributions or capital is None:  # reported field by field already
        return errors
    total = sum(contributions)
    if total != capital:
        errors["registered_capital_yuan"] = [
            _("各出资人出资额合计%(total)d元，与注册资本%(capital)d元不一致，请核对", total=total, capital=capital)]
    return errors


def _employer_problems(data: dict) -> dict:
    """An entity type that registers neither social insurance nor the housing fund as a unit
    (个体工商户, app.rules.employer) is not asked about them: the section is refused, not ignored."""
    entity_type = data.get("entity_type")
    if "employer" in data and entity_type in ENTITY_TYPES and not employer_rules.employer_steps(entity_type):
        return {"employer": [_("个体工商户不办理单位社会保险登记和住房公积金单位开户，请删除此项")]}
    return {}


def _legal_representative_problems(person: dict | None) -> dict:
    """民法典 第十七、十八条: only an adult (18 on the day of submission) represents a company;
    a shareholder may be a minor."""
    number = (person or {}).get("id_number")
    if not number or not id_rules.is_valid_id(number):
        return {}  # the field's own check has said why
    if not id_rules.is_adult_on(number, datetime.now(SHANGHAI).date()):
        return {"legal_representative.id_number": [_("法定代表人在提交之日应年满18周岁")]}
    return {}


def _scope_problems(scope: list[str] | None) -> dict:
    if not scope:
        return {}
    errors = {f"business_scope.{i}": [_("“%(p)s”不在经营范围规范表述目录中，请从目录中选择", p=p)]
              for i, p in enumerate(scope) if not catalogues.is_business_scope(p)}
    if len(set(scope)) != len(scope):
        errors["business_scope"] = [_("经营范围有重复项，请删除")]
    return errors


def _seal_problems(seals: list[str] | None) -> dict:
    if seals and len(set(seals)) != len(seals):
        return {"seals": [_("印章种类有重复，请删除")]}
    return {}


NAME_FIELD = {"bad_org_form": "org_form", "region_unknown": "region"}


def _sent_backups(original: Any) -> list:
    """The backup trade names as sent, so an item the field refused keeps its place (its index is its path)."""
    name = original.get("name") if isinstance(original, dict) else None
    backups = name.get("backup_trade_names") if isinstance(name, dict) else None
    return backups if isinstance(backups, list) else []


def _backup_errors_named(errors: dict[str, list[str]], backups: list) -> dict[str, list[str]]:
    """A backup's own field messages ("只能使用汉字…") say which backup they are about, as the rules' do:
    the form shows them in its summary, where a backup has no label of its own."""
    for index, backup in enumerate(backups):
        messages = errors.get(f"name.backup_trade_names.{index}")
        if messages and isinstance(backup, str):
            prefix = _("备选字号“%(trade_name)s”：", trade_name=backup)
            messages[:] = [m if m.startswith(prefix) or backup in m else prefix + m for m in messages]
    return errors


def _name_problems(name: dict | None, entity_type: str | None, backups: list | None = None) -> dict:
    parts = ("region", "trade_name", "industry", "org_form")
    if not name or entity_type not in ENTITY_TYPES or any(not name.get(p) for p in parts):
        return {}
    errors: dict[str, list[str]] = {}
    for problem in name_rules.name_problems(name["region"], name["trade_name"], name["industry"],
                                            name["org_form"], entity_type):
        key = "name." + NAME_FIELD.get(problem.code, "trade_name")
        errors.setdefault(key, []).append(problem_message(problem))
    errors.update(_backup_problems(name, entity_type, backups or []))
    return errors


# The industry phrase a backup trade name is judged with: the name's own industry phrase, region and
# org form are judged once, on the first name (above); a clean phrase leaves only the trade name's own
# problems (规定 第八条: length, region name, industry term; 第五条 规范汉字; 第十一、十二条 words).
_NEUTRAL_INDUSTRY = "科技"


def backup_trade_name_problems(region: str, trade_name: str, org_form: str, entity_type: str) -> list:
    """What the trade-name rules refuse in one backup trade name (备选字号)."""
    return [problem for problem in name_rules.name_problems(region, trade_name, _NEUTRAL_INDUSTRY, org_form, entity_type)
            if problem.code not in NAME_FIELD]


def _backup_problems(name: dict, entity_type: str, backups: list) -> dict:
    """备选字号: each by the same trade-name rules as the first; none the same as the first or another.
    An item its field refused (not text, not 汉字, too long) has its message already and is skipped."""
    errors: dict[str, list[str]] = {}
    seen = {name["trade_name"]}
    for index, backup in enumerate(backups):
        if not isinstance(backup, str) or len(backup) > 20 or not characters.allowed(
                characters.ENTERPRISE_NAME_PART, backup):
            continue
        key = f"name.backup_trade_names.{index}"
        if backup in seen:
            errors[key] = [_("备选字号“%(trade_name)s”与字号或前面的备选字号重复，请删除或更换", trade_name=backup)]
            continue
        seen.add(backup)
        for problem in backup_trade_name_problems(name["region"], backup, name["org_form"], entity_type):
            errors.setdefault(key, []).append(
                _("备选字号“%(trade_name)s”：", trade_name=backup) + problem_message(problem))
    return errors


def problem_message(problem: name_rules.NameProblem) -> str:
    """A name problem in the request's language (the rules mark their messages with N_)."""
    return _(problem.message, **problem.params)


def marshmallow_default(message: str) -> str:
    """Marshmallow's own English messages, said in the request's language."""
    return {
        "Unknown field.": _("不适用或无法识别的字段，请删除"),
        "Missing data for required field.": _("必填项，请填写"),
        "Field may not be null.": _("必填项，请填写"),
        "Not a valid integer.": _("请填写整数"),
        "Not a valid string.": _("请填写文字"),
        "Not a valid list.": _("应为列表"),
        "Invalid input type.": _("格式不正确"),
        "Invalid value.": _("取值不正确"),
    }.get(message, message)


def flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested error dict → {"a.b.0.c": [messages]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            path = f"{prefix}.{key}" if prefix and key != "_schema" else (prefix or str(key))
            for sub, messages in flatten(value, path).items():
                flat.setdefault(sub, []).extend(messages)
    elif isinstance(errors, list) and all(isinstance(e, str) or hasattr(e, "__html__") or not isinstance(e, dict | list) for e in errors):
        flat[prefix] = [marshmallow_default(str(e)) for e in errors]
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            flat.update(flatten(value, f"{prefix}.{index}"))
    else:
        flat[prefix] = [str(errors)]
    return flat


def validate_application(payload: Any) -> tuple[dict | None, dict[str, list[str]]]:
    if not isinstance(payload, dict):
        return None, {"_": [_("请求内容应为一个JSON对象")]}
    control = {path: [_("不能包含控制字符，请删除后重新填写")] for path in control_character_paths(payload)}
    try:
        form = ApplicationSchema().load(payload)
    except ValidationError as error:
        return None, _backup_errors_named(flatten(error.messages), _sent_backups(payload)) | control
    return (None, control) if control else (form, {})


def control_character_paths(value: Any, path: str = "") -> list[str]:
    """Field paths of text holding NUL or other control characters (PostgreSQL refuses NUL in text)."""
    if isinstance(value, str):
        return [path or "_"] if any(ord(c) < 32 and c not in "\t\n\r" for c in value) else []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    return [found for key, child in items
            for found in control_character_paths(child, f"{path}.{key}" if path else str(key))]


class NameCheckQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    region = fields.String(load_default="")
    trade_name = fields.String(load_default="")
    industry = fields.String(load_default="")
    org_form = fields.String(load_default="")
    entity_type = fields.String(load_default="llc")
