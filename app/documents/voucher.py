"""The free-seal voucher (免费刻章凭证): the seals granted with their impressions, and a one-time code."""

from io import BytesIO

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from app.documents.drawing import GREY, INK, LICENCE_RED, draw_frame, draw_qr, draw_wrapped, new_canvas
from app.documents.fonts import register_fonts
from app.documents.licence import licence_date
from app.documents.model import SealGrant, VoucherFacts
from seals.impression import paint_impression, seal_layout
from seals.kinds import spec_for

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 50
COLUMNS = 3
CELL_HEIGHT = 175
FREE_GREEN = Color(0.1, 0.5, 0.25)


def render_voucher(facts: VoucherFacts) -> bytes:
    """One A4 page: company, voucher code and QR, then one cell per seal with its impression."""
    buffer = BytesIO()
    canvas = new_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), f"免费刻章凭证 {facts.company_name}")
    font = register_fonts()
    draw_frame(canvas, 24, 24, PAGE_WIDTH - 48, PAGE_HEIGHT - 48)

    canvas.setFillColor(INK)
    canvas.setFont(font, 24)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 90, "免费刻章凭证")
    canvas.setFont(font, 10)
    canvas.setFillColor(GREY)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 110, "企业开办 · 首套印章免费刻制")

    qr_size = 108
    draw_qr(canvas, facts.verify_url, PAGE_WIDTH - MARGIN - qr_size, PAGE_HEIGHT - 140 - qr_size, qr_size)
    canvas.setFont(font, 8)
    canvas.drawCentredString(PAGE_WIDTH - MARGIN - qr_size / 2, PAGE_HEIGHT - 152 - qr_size,
                             "刻章企业扫码核销")

    canvas.setFillColor(INK)
    top = PAGE_HEIGHT - 160
    for label, value in (("企业名称", facts.company_name), ("统一社会信用代码", facts.uscc),
                         ("有效期至", licence_date(facts.valid_until))):
        canvas.setFont(font, 11)
        canvas.drawString(MARGIN + 10, top, label)
        canvas.setFont(font, 13)
        canvas.drawString(MARGIN + 120, top, value)
        top -= 26
    canvas.setFont(font, 11)
    canvas.drawString(MARGIN + 10, top - 6, "凭证编号")
    canvas.setFont(font, 20)
    canvas.setFillColor(LICENCE_RED)
    canvas.drawString(MARGIN + 120, top - 8, facts.voucher_code, charSpace=1.5)

    grid_top = PAGE_HEIGHT - 310
    canvas.setFillColor(INK)
    canvas.setFont(font, 12)
    canvas.drawString(MARGIN + 10, grid_top + 8, "印章及印模预览")
    cell_width = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
    for index, grant in enumerate(facts.seals):
        row, column = divmod(index, COLUMNS)
        _seal_cell(canvas, facts, grant, MARGIN + column * cell_width, grid_top - row * CELL_HEIGHT,
                   cell_width)

    rows = (len(facts.seals) + COLUMNS - 1) // COLUMNS
    notes = ("说明：本凭证仅可核销一次，请在有效期内到任一已备案的刻章企业出示凭证编号或二维码；"
             "标“免费”的印章由政府购买服务承担费用，标“自费”的印章按刻章企业公示价格收费。"
             "印模为预览效果，实际印章以公安机关印章治安管理信息系统备案为准。")
    draw_wrapped(canvas, notes, MARGIN + 10, grid_top - rows * CELL_HEIGHT - 6,
                 PAGE_WIDTH - 2 * MARGIN - 20, 9.5, color=GREY)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _seal_cell(canvas, facts: VoucherFacts, grant: SealGrant, left: float, top: float,
               width: float) -> None:
    """One seal: its impression at real size, its name, code and whether it is free."""
    font = register_fonts()
    spec = spec_for(grant.kind, facts.joint_stock)
    layout = seal_layout(grant.kind, facts.company_name, grant.code,
                         person_name=facts.legal_representative, taxpayer_id=facts.uscc,
                         joint_stock=facts.joint_stock)
    area_top = top - 8
    area_height = 125
    paint_impression(canvas, layout, left + (width - layout.width * mm) / 2,
                     area_top - (area_height + layout.height * mm) / 2)
    canvas.setFillColor(INK)
    canvas.setFont(font, 11)
    caption_y = area_top - area_height - 14
    size_text = (f"{spec.width_mm:g}mm" if spec.shape != "oval"
                 else f"{spec.width_mm:g}×{spec.height_mm:g}mm")
    canvas.drawCentredString(left + width / 2 - 18, caption_y, f"{spec.label}（{size_text}）")
    tag = "免费" if grant.free else "自费"
    canvas.setFillColor(FREE_GREEN if grant.free else LICENCE_RED)
    tag_x = left + width / 2 + canvas.stringWidth(f"{spec.label}（{size_text}）", font, 11) / 2 - 10
    canvas.roundRect(tag_x, caption_y - 3, 30, 15, 3, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(font, 9.5)
    canvas.drawCentredString(tag_x + 15, caption_y + 0.5, tag)
    canvas.setFillColor(GREY)
    canvas.setFont(font, 8.5)
    canvas.drawCentredString(left + width / 2, caption_y - 15, f"印章编码 {grant.code}")

