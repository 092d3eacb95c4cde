"""What the tracking page shows: the API's view of an application, in words, with a QR code.

Nothing here carries the applicant's token: the page, its links, its QR code and the live view
it polls are all under /track/<number>, where the application's cookie opens them.
"""

import re

import qrcode
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from qrcode.image.svg import SvgPathImage

from app.models import Application, ApplicationStatus
from app.urls import public_url
from app.vocabulary import (
    DOCUMENT_LABELS,
    LIGHT_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATUS_LABELS,
)
from app.web.serialize import application_json

_SVG_SIZE = re.compile(r'\swidth="[^"]*" height="[^"]*"')


def tracking_url(number: str) -> str:
    """The absolute, token-free link to the tracking page, as printed in the QR code."""
    return public_url(url_for("public.track", number=number))


def qr_svg(data: str, label: str) -> Markup:
    """An inline SVG QR code; sized by CSS, described for screen readers."""
    svg = qrcode.make(data, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")
    attributes = f' class="qr" role="img" aria-label="{escape(label)}"'
    return Markup(_SVG_SIZE.sub(attributes, svg, count=1))


def short_time(iso_time: str | None) -> str:
    """"2026-11-23T10:05:00+08:00" → "2026-11-23 10:05" (the API already speaks Shanghai time)."""
    return iso_time[:16].replace("T", " ") if iso_time else ""


def document_url(number: str, kind: str) -> str:
    """A document as the tracking page links it: fetched with the application's cookie."""
    return url_for("public.track_document", number=number, kind=kind)


def documents(view: dict) -> list[dict]:
    return [{"kind": d["kind"], "label": str(DOCUMENT_LABELS.get(d["kind"], d["kind"])),
             "url": document_url(view["number"], d["kind"])} for d in view["documents"]]


def live_view(application: Application) -> dict:
    """What track.js polls (GET /track/<number>/progress): the API's view, documents linked as the page links them."""
    view = application_json(application)
    return view | {"documents": [{"kind": d["kind"], "url": document_url(view["number"], d["kind"])}
                                 for d in view["documents"]]}


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
        "settled": list(ApplicationStatus.SETTLED),  # past these the page stops asking
        "paused": _("已暂停计时（等待您补正材料）"),
        "download": _("下载"),
        "no_documents": _("办结后可在此下载电子营业执照等文件。"),
        "offline": _("暂时无法刷新进度，正在重试……"),
    }
