"""The tax registration and bank account notices: one A4 page each, a titled table of facts (the
employer notices, app.documents.employer_notices, are drawn the same way)."""

from io import BytesIO

from reportlab.lib.pagesizes import A4

from app.documents.drawing import GREY, draw_wrapped, new_canvas, wrapped
from app.documents.fonts import register_fonts
from app.documents.licence import licence_date
from app.documents.model import BankNotice, TaxNotice

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56
LABEL_COLUMN = 150
ROW_SIZE = 11.5


def notice_page(title: str, subtitle: str, rows: list[tuple[str, str]], footer: str) -> bytes:
    """One A4 notice: title, subtitle, a two-column table of facts, what to do next beneath it."""
    buffer = BytesIO()
    canvas = new_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), title)
    font = register_fonts()
    canvas.setFont(font, 20)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 84, title)
    canvas.setFont(font, 10.5)
    canvas.setFillColor(GREY)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 106, subtitle)

    table_width = PAGE_WIDTH - 2 * MARGIN
    value_width = table_width - LABEL_COLUMN - 16
    top = PAGE_HEIGHT - 130
    canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
    canvas.setLineWidth(0.6)
    for label, value in rows:
        value_paragraph, value_height = wrapped(value, value_width, ROW_SIZE)
        height = max(value_height, ROW_SIZE * 1.45) + 12
        canvas.setFillColorRGB(0.95, 0.95, 0.95)
        canvas.rect(MARGIN, top - height, LABEL_COLUMN, height, stroke=0, fill=1)
        canvas.line(MARGIN, top, MARGIN + table_width, top)
        draw_wrapped(canvas, label, MARGIN + 8, top - 6, LABEL_COLUMN - 16, ROW_SIZE)
        value_paragraph.drawOn(canvas, MARGIN + LABEL_COLUMN + 8, top - 6 - value_height)
        top -= height
        canvas.line(MARGIN, top, MARGIN + table_width, top)
    canvas.line(MARGIN, PAGE_HEIGHT - 130, MARGIN, top)
    canvas.line(MARGIN + LABEL_COLUMN, PAGE_HEIGHT - 130, MARGIN + LABEL_COLUMN, top)
    canvas.line(MARGIN + table_width, PAGE_HEIGHT - 130, MARGIN + table_width, top)
    draw_wrapped(canvas, footer, MARGIN, top - 18, table_width, 10, color=GREY)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_tax_notice(notice: TaxNotice) -> bytes:
    """税务事项通知书: the taxpayer record and the first invoices granted."""
    rows = [
        ("纳税人名称", notice.company_name),
        ("纳税人识别号", notice.uscc),
        ("主管税务机关", notice.tax_office),
        ("纳税人类型", notice.taxpayer_type),
        ("登记日期", licence_date(notice.registered_on)),
        ("发票种类", "、".join(notice.invoice_kinds)),
        ("单份发票最高开票限额", f"{notice.invoice_max_amount_yuan:,}元"),
        ("每月最高领用数量", f"{notice.invoice_monthly_count}份"),
    ]
    return notice_page(
        "税务事项通知书", "（税务登记信息确认及首次发票申领）", rows,
        "纳税人识别号即统一社会信用代码。请自登记之日起按期办理纳税申报；发票可通过电子税务局领用或开具。",
    )


def render_bank_notice(notice: BankNotice) -> bytes:
    """银行开户通知: the basic deposit account opened for the company."""
    rows = [
        ("存款人名称", notice.company_name),
        ("统一社会信用代码", notice.uscc),
        ("开户银行", notice.bank_name),
        ("开户网点", notice.branch_name),
        ("账户性质", notice.account_type),
        ("账号", notice.account_number),
        ("开户日期", licence_date(notice.opened_on)),
    ]
    return notice_page(
        "银行开户通知书", f"（{notice.account_type}）", rows,
        "基本存款账户是企业办理日常转账结算和现金收付的主办账户，一个企业只能开立一个。",
    )
