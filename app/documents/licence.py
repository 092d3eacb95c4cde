"""The electronic business licence (电子营业执照) as a PDF page."""

from datetime import date
from io import BytesIO

from reportlab.lib.pagesizes import A4, landscape

from app.documents.capital import yuan_in_words
from app.documents.drawing import (
    GREY,
    INK,
    LICENCE_RED,
    draw_frame,
    draw_qr,
    draw_spaced,
    draw_wrapped,
    new_canvas,
    wrapped,
)
from app.documents.fonts import register_fonts
from app.documents.model import LicenceFacts

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
LABEL_WIDTH = 68.0
VALUE_SIZE = 13.0
# Where the registration authority's seal goes: over 登记机关 and the date, as on paper.
# The signature's visible stamp is placed here; (x1, y1, x2, y2) in points.
LICENCE_SEAL_BOX = (566.0, 70.0, 685.0, 189.0)


def licence_date(day: date) -> str:
    """Dates as licences print them: 2026年05月12日."""
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _field(canvas, label: str, value: str, x: float, top: float, width: float) -> float:
    """One labelled field; returns the height it took."""
    canvas.setFont(register_fonts(), VALUE_SIZE)
    canvas.setFillColor(INK)
    draw_spaced(canvas, label, x, top - VALUE_SIZE, LABEL_WIDTH)
    height = draw_wrapped(canvas, value, x + LABEL_WIDTH + 14, top + 3, width - LABEL_WIDTH - 14,
                          VALUE_SIZE, VALUE_SIZE * 1.5)
    return max(height, VALUE_SIZE * 1.5) + 12


def render_licence(facts: LicenceFacts) -> bytes:
    """One A4 landscape page laid out like a 营业执照, with a QR code to its verification page."""
    buffer = BytesIO()
    canvas = new_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), f"营业执照 {facts.name}")
    font = register_fonts()
    draw_frame(canvas, 24, 24, PAGE_WIDTH - 48, PAGE_HEIGHT - 48)

    canvas.setFillColor(INK)
    canvas.setFont(font, 12)
    canvas.drawString(64, PAGE_HEIGHT - 82, "统一社会信用代码")
    canvas.setFont(font, 15)
    canvas.drawString(64, PAGE_HEIGHT - 104, facts.uscc)

    qr_size = 96
    qr_x = PAGE_WIDTH - 58 - qr_size
    draw_qr(canvas, facts.verify_url, qr_x, PAGE_HEIGHT - 58 - qr_size, qr_size)
    canvas.setFont(font, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawCentredString(qr_x + qr_size / 2, PAGE_HEIGHT - 160, "扫描二维码核验本执照")

    canvas.setFillColor(INK)
    canvas.setFont(font, 44)
    title = "营业执照"
    spacing = 22
    title_width = canvas.stringWidth(title, font, 44) + spacing * (len(title) - 1)
    canvas.drawString((PAGE_WIDTH - title_width) / 2, PAGE_HEIGHT - 118, title, charSpace=spacing)
    canvas.setFont(font, 13)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 146, "（电子营业执照）")

    top = PAGE_HEIGHT - 196
    left_x, left_width = 70, 380
    right_x, right_width = 470, 310
    used = _field(canvas, "名称", facts.name, left_x, top, left_width)
    used += _field(canvas, "类型", facts.entity_type_label, left_x, top - used, left_width)
    used += _field(canvas, "法定代表人", facts.legal_representative, left_x, top - used, left_width)
    _business_scope(canvas, "；".join(facts.business_scope) + "。", left_x, top - used, left_width,
                    bottom=58)

    used = _field(canvas, "注册资本", yuan_in_words(facts.registered_capital_yuan), right_x, top,
                  right_width)
    used += _field(canvas, "成立日期", licence_date(facts.established_on), right_x, top - used,
                   right_width)
    _field(canvas, "住所", facts.address, right_x, top - used, right_width)

    canvas.setFont(font, VALUE_SIZE)
    draw_spaced(canvas, "登记机关", right_x, 146, LABEL_WIDTH)
    canvas.drawString(right_x + LABEL_WIDTH + 14, 146, facts.authority)
    canvas.drawString(right_x + LABEL_WIDTH + 14, 112, licence_date(facts.issued_on))

    canvas.setFont(font, 8)
    canvas.setFillColor(LICENCE_RED)
    canvas.drawCentredString(PAGE_WIDTH / 2, 40,
                             "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。")
    canvas.setFillColor(GREY)
    canvas.drawString(64, 52, f"核验：{facts.verify_url}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _business_scope(canvas, scope: str, x: float, top: float, width: float, bottom: float) -> None:
    """经营范围, shrinking the type until the whole scope fits above bottom."""
    font = register_fonts()
    canvas.setFont(font, VALUE_SIZE)
    canvas.setFillColor(INK)
    draw_spaced(canvas, "经营范围", x, top - VALUE_SIZE, LABEL_WIDTH)
    value_x, value_width = x + LABEL_WIDTH + 14, width - LABEL_WIDTH - 14
    size = 12.0
    paragraph, height = wrapped(scope, value_width, size)
    while size > 6 and height > top + 3 - bottom:
        size -= 0.5
        paragraph, height = wrapped(scope, value_width, size)
    paragraph.drawOn(canvas, value_x, top + 3 - height)
