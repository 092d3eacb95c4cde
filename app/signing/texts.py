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
