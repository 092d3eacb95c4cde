"""The bodies a party sends when signing: one schema each, for the JSON API and the signing page alike."""

from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, fields, validate

from app.signing.operations import DECISIONS, REASON_MAX

CODE_PATTERN = r"^[0-9]{6}$"
ID_NUMBER_MAX, VERIFICATION_MAX = 32, 100
REQUIRED = {"required": _l("必填项，请填写"), "null": _l("必填项，请填写"), "invalid": _l("请填写文字")}


class VerifySchema(Schema):
    """Step 1: the party's ID number (for the identity check)."""

    class Meta:
        unknown = RAISE

    id_number = fields.String(required=True, error_messages=REQUIRED, validate=validate.Length(
        1, ID_NUMBER_MAX, error=_l("请填写您的身份证件号码（不超过32个字符）")))


class DecideSchema(Schema):
    """Step 2: the handle of the passed check, the code from the SMS, and sign or decline (with a reason)."""

    class Meta:
        unknown = RAISE

    verification = fields.String(required=True, error_messages=REQUIRED, validate=validate.Length(
        1, VERIFICATION_MAX, error=_l("请先核验身份并获取短信验证码")))
    sms_code = fields.String(required=True, error_messages=REQUIRED, validate=validate.Regexp(
        CODE_PATTERN, error=_l("请填写短信中的6位数字验证码")))
    decision = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        DECISIONS, error=_l("请选择签署（sign）或拒绝签署（decline）")))
    reason = fields.String(load_default="", validate=validate.Length(
        max=REASON_MAX, error=_l("拒绝原因请不超过200个字")))
