"""What the signing SMS say: the link to sign and the code, in Chinese (the party reads them away from the site)."""

from flask_babel import force_locale
from flask_babel import gettext as _


def link_sms(number: str, company_name: str, days: float, link: str) -> str:
    with force_locale("zh"):
        return _("【企业开办】%(company)s（申请%(number)s）需要您本人实名签署，%(days)s个工作日内有效，请签署：%(link)s",
                 company=company_name, number=number, days=f"{days:g}", link=link)


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
