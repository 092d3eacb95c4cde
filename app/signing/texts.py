"""What the signing SMS say: the link to sign and the code, in Chinese (the party reads them away from the site)."""

import re
import unicodedata

from flask_babel import force_locale
from flask_babel import gettext as _


def link_sms(number: str, company_name: str, days: float, link: str) -> str:
    with force_locale("zh"):
        return _("【企业开办】%(company)s（申请%(number)s）需要您本人实名签署，%(days)s个工作日内有效，请签署：%(link)s",
                 company=company_name, number=number, days=f"{days:g}", link=link)


def again_sms(number: str, company_name: str, days: float, link: str) -> str:
    """After a correction (补正): what was signed has changed, so every party signs the corrected 申请书."""
    with force_locale("zh"):
        return _("【企业开办】%(company)s（申请%(number)s）已补正，申请书内容有变，需要您本人重新签署，"
                 "%(days)s个工作日内有效，此前的签署链接已失效，请签署：%(link)s",
                 company=company_name, number=number, days=f"{days:g}", link=link)


DECLINE_REASON_IN_SMS = 60  # characters of the decliner's reason the others are texted (the page has it whole)
# Read after NFKC (full-width ｅｘａｍｐｌｅ．ｃｏｍ is example.com): a scheme or www.; an IPv4 address
# (47.96.10.10/pay, which phones make a link); or a dotted name ending in two letters or more, in any
# script (example.com, t.cn/x, 竹溪政务.中国) — not a number like 3.5.
_LINK_LIKE = re.compile(
    r"(?:[^\W\d_][\w+.-]*://|www\.)\S*"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b(?::\d+)?(?:/\S*)?"
    r"|[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b(?::\d+)?(?:/\S*)?",
    re.IGNORECASE)


def declined_sms(number: str, company_name: str, name: str, reason: str) -> str:
    """To the other parties when one declines: who (masked) and why (issue: the reason is told to the
    others). The reason is the decliner's free text going out under the service's name, so it is cut
    short and anything that reads as an address is taken out: our texts carry no one else's links."""
    told = " ".join(_LINK_LIKE.sub("[链接已删除]", unicodedata.normalize("NFKC", reason)).split())
    told = told[:DECLINE_REASON_IN_SMS]
    with force_locale("zh"):
        return _("【企业开办】申请%(number)s（%(company)s）已撤回：%(name)s拒绝签署，理由：%(reason)s",
                 number=number, company=company_name, name=name, reason=told)


def code_sms(code: str, minutes: int) -> str:
    with force_locale("zh"):
        return _("【企业开办】您的验证码为：%(code)s，%(minutes)d分钟内有效，仅用于签署企业登记申请，请勿告诉他人。",
                 code=code, minutes=minutes)


def reminder_sms(number: str, company_name: str, deadline: str, link: str) -> str:
    """Before the deadline, to a party who has not signed: a fresh link (the one texted before no longer opens)."""
    with force_locale("zh"):
        return _("【企业开办】提醒：%(company)s（申请%(number)s）尚待您本人签署，%(deadline)s前有效，"
                 "逾期申请将自动撤回。此前短信中的链接已失效，请用新链接签署：%(link)s",
                 company=company_name, number=number, deadline=deadline, link=link)


def resent_link_sms(number: str, company_name: str, deadline: str, link: str) -> str:
    """The party asked for their link again: a fresh one (the one texted before no longer opens)."""
    with force_locale("zh"):
        return _("【企业开办】%(company)s（申请%(number)s）的新签署链接，%(deadline)s前有效，"
                 "此前的链接已失效（如非本人操作，请忽略）。请签署：%(link)s",
                 company=company_name, number=number, deadline=deadline, link=link)


def expired_reason(names: str) -> str:
    """status_reason of an application withdrawn at the deadline: who had not signed (names masked)."""
    return _("签署期限已过，%(names)s未签署，申请已自动撤回", names=names)


def withdrawn_sms(number: str, company_name: str, note: str) -> str:
    """To every party of an application withdrawn at the deadline."""
    with force_locale("zh"):
        return _("【企业开办】申请%(number)s（%(company)s）已撤回：%(note)s", number=number,
                 company=company_name, note=note)
