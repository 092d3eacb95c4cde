""""Send me my link again" (API.md, The way back): what the API route and the /track page share.

One schema for both, the two rate limits (per address, per application number; the API and the
page count together), and an answer that takes the same time whether or not the phone matched.
"""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields

from app.rules.id_number import is_mobile_phone
from forms.schema import marshmallow_default

NUMBER_MAX = 32  # applications.number
NUMBER_PATTERN = r"^[0-9]{1,32}$"  # what an application number can be (today: 8-digit date + 10 digits)
PHONE_PATTERN = r"^1[3-9][0-9]{9}$"  # app.rules.id_number.is_mobile_phone


def _check_mobile(value: str) -> None:
    if not is_mobile_phone(value):
        raise ValidationError(_("请填写11位手机号码，例如13800000000"))


def _check_number(value: str) -> None:
    if not value:
        raise ValidationError(_("请填写申请编号"))
    if not valid_number(value):
        raise ValidationError(bad_number_message())


class ResendLinkSchema(Schema):
    """The API's body: {"phone": "..."} (the number is in the path)."""

    class Meta:
        unknown = RAISE

    phone = fields.String(required=True, validate=_check_mobile,
                          error_messages={"required": _l("请填写申请时留的联系电话"), "null": _l("请填写申请时留的联系电话"),
                                          "invalid": _l("请填写11位手机号码，例如13800000000")})


class TrackLookupSchema(ResendLinkSchema):
    """The /track page's form: the number and the phone."""

    number = fields.String(required=True, validate=_check_number,
                           error_messages={"required": _l("请填写申请编号"), "null": _l("请填写申请编号"),
                                           "invalid": _l("请填写申请编号")})


def parse(data: object, schema: Schema, strip: bool = False) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(values, field errors): every problem at once, as the one form reports them. `strip`: the
    page trims what people typed; the API takes what it is sent, as its schema says."""
    if not isinstance(data, dict):
        return {}, {"_schema": [_("请求内容应为JSON对象")]}
    if strip:
        data = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
    try:
        return schema.load(data), {}
    except ValidationError as error:
        return {}, {str(field): [marshmallow_default(str(m))
                                       for m in (problems if isinstance(problems, list) else [problems])]
                    for field, problems in error.messages.items()}


def valid_number(number: str) -> bool:
    """Whether `number` can be an application number at all (its existence is never told)."""
    return bool(re.fullmatch(NUMBER_PATTERN, number))


def bad_number_message() -> str:
    return _("申请编号应为数字，请核对")


def accepted_message() -> str:
    """The one answer, whatever the phone and the number were."""
    return _("若号码与申请一致，我们已将查询链接发送至该手机")


def per_address_limit() -> str:
    return current_app.config["RATELIMIT_RESEND_LINK"]


def per_number_limit() -> str:
    return current_app.config["RATELIMIT_RESEND_LINK_NUMBER"]


def number_key() -> str:
    """The per-number limit's key: the number in the path (API) or in the form (page)."""
    number = (request.view_args or {}).get("number") or request.form.get("number", "")
    return "resend-link:" + number.strip()[:NUMBER_MAX]


@contextmanager
def answered_no_sooner_than(seconds: float | None = None) -> Iterator[None]:
    """The block takes at least RESEND_LINK_ANSWER_SECONDS, so a match cannot be told by the time taken."""
    least = current_app.config["RESEND_LINK_ANSWER_SECONDS"] if seconds is None else seconds
    started = time.monotonic()
    try:
        yield
    finally:
        remaining = least - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
