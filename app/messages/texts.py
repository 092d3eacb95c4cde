"""What the messages say: short (≤ 70 characters before the link where possible), in Chinese.

The applicant reads them away from the site, in the language the form was filled in (Chinese):
each is rendered under `force_locale("zh")`, whatever language the page that caused it was in.
English wordings exist in translations/ like every other message.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from app.vocabulary import STATUS_LABELS

AWAITING_SIGNATURES = "awaiting_signatures"  # API.md: filed, waiting for every party's signature


def _status_texts(number: str, link: str) -> dict[str, str]:
    words = {"number": number, "link": link}
    return {
        AWAITING_SIGNATURES: _("【企业开办】申请%(number)s已提交，各方签名后即受理。查看进度：%(link)s", **words),
        "submitted": _("【企业开办】申请%(number)s已受理，承诺1个工作日内办结。查看进度：%(link)s", **words),
        "processing": _("【企业开办】申请%(number)s正在办理，各部门并联审批中。查看进度：%(link)s", **words),
        "needs_review": _("【企业开办】申请%(number)s转窗口人工核对，我们会尽快处理。查看进度：%(link)s", **words),
        "awaiting_correction": _("【企业开办】申请%(number)s需要补正，请按页面提示修改后提交：%(link)s", **words),
        "ready_for_issue": _("【企业开办】申请%(number)s已办结，营业执照和印章等待发放。查看：%(link)s", **words),
        "issued": _("【企业开办】申请%(number)s的营业执照和印章已发放。查看：%(link)s", **words),
        "shipped": _("【企业开办】申请%(number)s的证照已寄出，请留意快递。查看：%(link)s", **words),
        "delivered": _("【企业开办】申请%(number)s的证照已签收，欢迎评价我们的服务：%(link)s", **words),
        "rejected": _("【企业开办】申请%(number)s不予受理，原因请见：%(link)s", **words),
        "withdrawn": _("【企业开办】申请%(number)s已撤回，原因请见：%(link)s", **words),
    }


def status_label(status: str) -> str:
    if status == AWAITING_SIGNATURES:
        return _("待签名")
    return str(STATUS_LABELS.get(status, status))


def status_sms(status: str, number: str, link: str) -> str:
    """The text for an application that has just moved to `status`."""
    with force_locale("zh"):
        known = _status_texts(number, link)
        if status in known:
            return known[status]
        return _("【企业开办】申请%(number)s进度更新：%(status)s。查看：%(link)s",
                 number=number, status=status_label(status), link=link)


def status_email(status: str, number: str, company_name: str, link: str) -> tuple[str, str]:
    """(subject, body) of the e-mail for the same change: the text, with the company named."""
    with force_locale("zh"):
        subject = _("企业开办申请%(number)s：%(status)s", number=number, status=status_label(status))
        lines = [
            _("您好："),
            "",
            status_sms(status, number, link),
            "",
            _("企业名称：%(name)s", name=company_name),
            _("申请编号：%(number)s", number=number),
            "",
            _("此邮件由系统自动发送，请勿直接回复。"),
        ]
    return subject, "\n".join(lines)


def tracking_link_sms(number: str, link: str) -> str:
    """The text that answers "send me my link again"."""
    with force_locale("zh"):
        return _("【企业开办】申请%(number)s的查询链接：%(link)s（如非本人操作，请忽略）", number=number, link=link)
