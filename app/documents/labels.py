"""Courier labels (100×150 mm, one page per parcel) and the pickup manifest (A4)."""

import re
from datetime import date
from io import BytesIO

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from app.documents.drawing import GREY, INK, draw_qr, draw_wrapped, new_canvas, wrapped_height
from app.documents.fonts import register_fonts
from app.documents.licence import licence_date
from app.documents.model import Parcel

LABEL_WIDTH, LABEL_HEIGHT = 100 * mm, 150 * mm
MARGIN = 5 * mm
# A Code128 module needs about 2 pixels to decode: 0.4 mm decodes from 120 dpi, so 0.45 mm
# leaves room at the 150 dpi the tests and cheap label printers use.
WIDEST_MODULE = 0.5 * mm
NARROWEST_MODULE = 0.4 * mm
BARCODE_HEIGHT = 18 * mm

# 18-character resident ID numbers (and the old 15-digit ones) never belong on a label.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


class LabelError(ValueError):
    """A parcel cannot be printed as asked, e.g. a waybill number too long to scan."""


def mask_phone(phone: str) -> str:
    """138****0000 for a mobile; landlines keep their first 3 and last 4 digits likewise."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]  # +86 country code before a mobile number
    if len(digits) >= 8:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def redact_id_numbers(text: str) -> str:
    """Replace anything shaped like an ID number, should one slip into an address or note."""
    return ID_NUMBER.sub(lambda match: "*" * len(match.group()), text)


def _waybill_barcode(number: str, width: float) -> Code128:
    probe = Code128(number, barWidth=1, humanReadable=False, quiet=True)
    module = min(WIDEST_MODULE, width / probe.width)
    if module < NARROWEST_MODULE:
        raise LabelError(f"waybill number {number!r} too long for a scannable barcode on the label")
    return Code128(number, barWidth=module, barHeight=BARCODE_HEIGHT, humanReadable=False, quiet=True)


def _draw_label(canvas, parcel: Parcel) -> None:
    font = register_fonts()
    inner_width = LABEL_WIDTH - 2 * MARGIN
    top = LABEL_HEIGHT - MARGIN

    canvas.setFillColor(INK)
    canvas.setFont(font, 13)
    canvas.drawString(MARGIN, top - 13, "政务专递 · 证照邮寄")
    canvas.setFont(font, 9)
    canvas.drawRightString(LABEL_WIDTH - MARGIN, top - 12, "免费寄递 企业开办210")
    top -= 19
    canvas.setLineWidth(1)
    canvas.line(MARGIN, top, LABEL_WIDTH - MARGIN, top)

    barcode = _waybill_barcode(parcel.waybill_number, inner_width)
    top -= 4 + BARCODE_HEIGHT
    barcode.drawOn(canvas, (LABEL_WIDTH - barcode.width) / 2, top)
    canvas.setFont(font, 12)
    canvas.drawCentredString(LABEL_WIDTH / 2, top - 14, parcel.waybill_number)
    top -= 21
    canvas.line(MARGIN, top, LABEL_WIDTH - MARGIN, top)

    top = _party(canvas, "收", parcel.recipient_name, mask_phone(parcel.recipient_phone),
                 parcel.recipient_address, top, inner_width, size=12)
    canvas.line(MARGIN, top, LABEL_WIDTH - MARGIN, top)
    # The centre's own phone is public and the courier may need it: it stays whole.
    top = _party(canvas, "寄", parcel.sender_name, parcel.sender_phone, parcel.sender_address,
                 top, inner_width, size=8.5)
    canvas.line(MARGIN, top, LABEL_WIDTH - MARGIN, top)

    qr_size = 30 * mm
    contents = "内件：" + "、".join(redact_id_numbers(item) for item in parcel.contents)
    draw_wrapped(canvas, contents, MARGIN, top - 4, inner_width - qr_size - 4, 9)
    if parcel.tracking_url:
        draw_qr(canvas, parcel.tracking_url, LABEL_WIDTH - MARGIN - qr_size, MARGIN + 8, qr_size)
        canvas.setFont(font, 8)
        canvas.setFillColor(GREY)
        canvas.drawCentredString(LABEL_WIDTH - MARGIN - qr_size / 2, MARGIN, "揽收签收扫码")
    canvas.setFont(font, 7)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN, MARGIN, "签收前请当面检查证照与印章是否齐全")


def _party(canvas, mark: str, name: str, phone: str, address: str, top: float, width: float,
           size: float) -> float:
    """A 收/寄 block: a boxed mark, name and phone (as given), then the address. Returns its bottom."""
    font = register_fonts()
    badge = size + 8
    canvas.setFillColor(INK)
    canvas.rect(MARGIN, top - 4 - badge, badge, badge, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(font, size + 2)
    canvas.drawCentredString(MARGIN + badge / 2, top - 4 - badge + (badge - size) / 2 + 1, mark)
    canvas.setFillColor(INK)
    text_x = MARGIN + badge + 6
    canvas.setFont(font, size + 2)
    canvas.drawString(text_x, top - 4 - size - 2, f"{redact_id_numbers(name)}  {phone}")
    used = draw_wrapped(canvas, redact_id_numbers(address), text_x, top - size - 10,
                        width - badge - 6, size)
    return top - max(badge + 8, size + 14 + used)


def render_labels(parcels: list[Parcel]) -> bytes:
    """All labels of a pickup batch in one PDF, one 100×150 mm page each."""
    buffer = BytesIO()
    canvas = new_canvas(buffer, (LABEL_WIDTH, LABEL_HEIGHT), "证照邮寄面单")
    for parcel in parcels:
        _draw_label(canvas, parcel)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


MANIFEST_COLUMNS = (("序号", 26), ("运单号", 92), ("收件人", 56), ("电话", 66), ("收件地址", 150),
                    ("内件", 124))
MANIFEST_SIZE = 9


def render_manifest(parcels: list[Parcel], centre_name: str, day: date) -> bytes:
    """证照邮寄交接清单: one row per parcel, with lines for both sides to sign."""
    buffer = BytesIO()
    page_width, page_height = A4
    canvas = new_canvas(buffer, A4, f"证照邮寄交接清单 {licence_date(day)}")
    font = register_fonts()
    margin = 40
    table_width = sum(width for _, width in MANIFEST_COLUMNS)
    left = (page_width - table_width) / 2

    def header() -> float:
        canvas.setFillColor(INK)
        canvas.setFont(font, 16)
        canvas.drawCentredString(page_width / 2, page_height - 60, "证照邮寄交接清单")
        canvas.setFont(font, 10)
        canvas.drawString(left, page_height - 84, f"寄件单位：{centre_name}")
        canvas.drawRightString(left + table_width, page_height - 84,
                               f"日期：{licence_date(day)}　共{len(parcels)}件")
        top = page_height - 94
        _manifest_row(canvas, [name for name, _ in MANIFEST_COLUMNS], left, top, shaded=True)
        return top - 20

    top = header()
    for number, parcel in enumerate(parcels, start=1):
        cells = [str(number), parcel.waybill_number, redact_id_numbers(parcel.recipient_name),
                 mask_phone(parcel.recipient_phone), redact_id_numbers(parcel.recipient_address),
                 "、".join(redact_id_numbers(item) for item in parcel.contents)]
        height = _row_height(cells)
        if top - height < margin + 80:
            canvas.showPage()
            top = header()
        _manifest_row(canvas, cells, left, top)
        top -= height

    canvas.setFont(font, 10.5)
    canvas.setFillColor(INK)
    signature_y = max(top - 50, margin + 20)
    canvas.drawString(left, signature_y, "交件人（签字）：________________")
    canvas.drawString(left + table_width / 2, signature_y, "揽收人（签字）：________________")
    canvas.drawString(left, signature_y - 28, "交接时间：______年____月____日____时____分")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _row_height(cells: list[str]) -> float:
    return max(wrapped_height(text, width - 8, MANIFEST_SIZE)
               for text, (_, width) in zip(cells, MANIFEST_COLUMNS, strict=True)) + 8


def _manifest_row(canvas, cells: list[str], left: float, top: float, shaded: bool = False) -> None:
    height = _row_height(cells)
    x = left
    canvas.setLineWidth(0.5)
    for text, (_, width) in zip(cells, MANIFEST_COLUMNS, strict=True):
        if shaded:
            canvas.setFillColorRGB(0.92, 0.92, 0.92)
            canvas.rect(x, top - height, width, height, stroke=0, fill=1)
        canvas.rect(x, top - height, width, height, stroke=1, fill=0)
        draw_wrapped(canvas, text, x + 4, top - 4, width - 8, MANIFEST_SIZE)
        x += width
