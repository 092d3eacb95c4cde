"""What the tracking page shows: the API's view of an application, in words, with a QR code."""

import re

import qrcode
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from qrcode.image.svg import SvgPathImage

from app.models import ApplicationStatus
from app.vocabulary import STATUS_LABELS, STEP_LABELS, STEP_STATUS_LABELS

DOCUMENT_LABELS = {
    "business_license": _l("电子营业执照"),
    "seal_voucher": _l("免费刻章凭证"),
    "tax_notice": _l("税务登记通知书"),
    "bank_notice": _l("银行开户通知书"),
    "bundle": _l("全部文件打包下载"),
}
LIGHT_LABELS = {
    "green": _l("正常：用时未过半"),
    "yellow": _l("提醒：用时已过半"),
    "red": _l("已超时：正在督办"),
}
STAGE_LABELS = {"apply": _l("办理时限"), "issue": _l("发放时限")}
# Past these the pipeline has nothing more to tell the page; it stops asking.
SETTLED = (*ApplicationStatus.DONE_APPLYING, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)

_SVG_SIZE = re.compile(r'\swidth="[^"]*" height="[^"]*"')


def tracking_url(number: str, token: str) -> str:
    """The absolute link to the tracking page, as printed in the QR code."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for("public.track", number=number, t=token)


def qr_svg(data: str, label: str) -> Markup:
    """An inline SVG QR code; sized by CSS, described for screen readers."""
    svg = qrcode.make(data, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")
    attributes = f' class="qr" role="img" aria-label="{escape(label)}"'
    return Markup(_SVG_SIZE.sub(attributes, svg, count=1))


def short_time(iso_time: str | None) -> str:
    """"2026-11-23T10:05:00+08:00" → "2026-11-23 10:05" (the API already speaks Shanghai time)."""
    return iso_time[:16].replace("T", " ") if iso_time else ""


def with_token(url: str, token: str) -> str:
    return f"{url}?t={token}"


def documents(view: dict, token: str) -> list[dict]:
    return [{"kind": d["kind"], "label": str(DOCUMENT_LABELS.get(d["kind"], d["kind"])),
             "url": with_token(d["url"], token)} for d in view["documents"]]


def step_time(step: dict) -> str:
    return short_time(step["finished_at"] or step["started_at"])


def page_words() -> dict:
    """The labels track.js needs to redraw the page in the reader's language."""
    return {
        "status": {k: str(v) for k, v in STATUS_LABELS.items()},
        "step": {k: str(v) for k, v in STEP_LABELS.items()},
        "step_status": {k: str(v) for k, v in STEP_STATUS_LABELS.items()},
        "document": {k: str(v) for k, v in DOCUMENT_LABELS.items()},
        "light": {k: str(v) for k, v in LIGHT_LABELS.items()},
        "stage": {k: str(v) for k, v in STAGE_LABELS.items()},
        "settled": list(SETTLED),
        "paused": _("已暂停计时（等待您补正材料）"),
        "download": _("下载"),
        "no_documents": _("办结后可在此下载电子营业执照等文件。"),
        "offline": _("暂时无法刷新进度，正在重试……"),
    }
